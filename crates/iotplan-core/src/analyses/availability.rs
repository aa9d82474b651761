//! Availability budget of the reference stack and the serverless connection check (domain §9).

use super::stack::lambda_usd_per_invocation;
use crate::inputs::volume::{HOURS_PER_BILLING_MONTH, HOURS_PER_YEAR, MINUTES_PER_USAGE_MONTH};
use crate::inputs::workload::Workload;
use crate::platforms::{Evaluated, aws_iot_core};
use crate::prices::sheets::Sheets;
use crate::report::items::ExtraKeys;
use crate::report::{Availability, PlatformSla, Serverless, Volume};

/// The downtime the target allows, the reference stack's SLA in series and active-active, and
/// each platform's own SLA.
pub fn availability(w: &Workload, s: &Sheets, evaluated: &[Evaluated]) -> Availability {
    let st = s.aws_stack();
    let components = vec![
        ("AWS IoT Core", aws_iot_core::sheet(s).sla.v()),
        ("EC2 app servers", st.sla_ec2.v()),
        ("RDS PostgreSQL", st.sla_rds.v()),
        ("S3", st.sla_s3.v()),
        ("Lambda", st.sla_lambda.v()),
    ];
    let serial: f64 = components.iter().map(|(_, a)| a).product();
    let t = w.availability_target;
    Availability {
        target: t,
        downtime_minutes_per_month: (1.0 - t) * MINUTES_PER_USAGE_MONTH,
        downtime_hours_per_year: (1.0 - t) * HOURS_PER_YEAR,
        stack_serial: serial,
        stack_active_active: 1.0 - (1.0 - serial).powi(2),
        meets_target: serial >= t,
        components,
        platforms: evaluated
            .iter()
            .map(|e| PlatformSla {
                id: e.cost.id,
                sla: e.sla,
                meets_target: e.sla >= t,
            })
            .collect(),
        extra: ExtraKeys(
            evaluated
                .iter()
                .flat_map(|e| e.availability_extra.iter().cloned())
                .collect(),
        ),
    }
}

pub fn serverless(w: &Workload, v: &Volume, s: &Sheets) -> Serverless {
    let st = s.aws_stack();
    let per_second = v.peak_messages_per_second * w.lambda_invocations_per_message;
    let concurrency = per_second * w.lambda_duration_ms / 1000.0;
    let per_invocation = lambda_usd_per_invocation(w, st);
    let instance = st.app_server_usd_per_hour.v() * HOURS_PER_BILLING_MONTH;
    Serverless {
        invocations_per_second_peak: per_second,
        concurrency,
        database_max_connections: st.database_max_connections.v(),
        connections_exhausted: concurrency > st.database_max_connections.v(),
        usd_per_million_invocations: per_invocation * 1e6,
        instance_monthly_usd: instance,
        break_even_invocations_per_month: if per_invocation > 0.0 {
            instance / per_invocation
        } else {
            f64::INFINITY
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::volume::volume;

    #[test]
    fn downtime_budget() {
        // Domain §9: 99.9 % → 43.2 min per 30-day month, 8.76 h per year.
        let a = crate::evaluate(
            &Workload::default(),
            &Sheets::embedded(),
            &crate::Context::new(crate::test_today()),
        )
        .unwrap()
        .availability;
        assert!((a.downtime_minutes_per_month - 43.2).abs() < 1e-9);
        assert!((a.downtime_hours_per_year - 8.76).abs() < 1e-9);
        assert!(a.stack_active_active > a.stack_serial);
    }

    #[test]
    fn concurrency_above_max_connections_is_flagged() {
        // 100,000 devices once a second, 1 s per invocation: 100,000 concurrent > 1,000.
        let w = Workload {
            devices: 100_000.0,
            messages_per_device_per_hour: 3600.0,
            lambda_duration_ms: 1000.0,
            ..Workload::default()
        };
        let s = serverless(&w, &volume(&w), &Sheets::embedded());
        assert!((s.concurrency - 100_000.0).abs() < 1e-6);
        assert!(s.connections_exhausted);
        assert!(
            !serverless(
                &Workload::default(),
                &volume(&Workload::default()),
                &Sheets::embedded()
            )
            .connections_exhausted
        );
    }
}
