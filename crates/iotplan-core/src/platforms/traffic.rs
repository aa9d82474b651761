//! Messages and bytes through an MQTT broker, in and out (domain §11, §17): what the brokers
//! sold by throughput, traffic or operations (Event Grid, EMQX) are priced and limited on,
//! computed once here.
//!
//! In: telemetry from the devices, commands and method requests from the back end, method
//! responses from the devices. Out: each telemetry message to its `deliveries` (subscribers, or
//! the one consumer a broker without a rules engine needs), each command and method request to
//! its device, each method response to the back end. Shadow and twin operations are not broker
//! traffic (none of these brokers has a device-twin service); a platform's notes say so.

use super::limit::Demand;
use crate::inputs::volume::DAYS_PER_USAGE_MONTH;
use crate::inputs::workload::Workload;
use crate::report::Volume;

/// A count of messages and their bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Flow {
    pub messages: f64,
    pub bytes: f64,
}

impl Flow {
    fn plus(self, messages: f64, bytes_each: f64) -> Self {
        Self {
            messages: self.messages + messages,
            bytes: self.bytes + messages * bytes_each,
        }
    }
}

/// The broker's traffic: per month, and per second at peak for the fleet and for one device.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Traffic {
    pub month_in: Flow,
    pub month_out: Flow,
    pub peak_in: Flow,
    pub peak_out: Flow,
    /// What one device publishes per second at peak (telemetry and method responses).
    pub device_peak_in: Flow,
    /// Telemetry messages published per month, and deliveries of each.
    pub telemetry_month: f64,
    pub deliveries: f64,
}

impl Traffic {
    /// The traffic of `w` when each telemetry message is delivered `deliveries` times.
    pub fn new(w: &Workload, v: &Volume, d: &Demand, deliveries: f64) -> Self {
        let per_month = w.devices * DAYS_PER_USAGE_MONTH;
        let commands = per_month * w.commands_per_device_per_day;
        let methods = per_month * w.direct_methods_per_device_per_day;
        let (request, response) = (w.method_request_bytes, w.method_response_bytes);
        let telemetry = v.messages_per_month;
        let message = v.bytes_per_message;
        let downlink = |flow: Flow, commands: f64, methods: f64| {
            flow.plus(commands, w.command_bytes)
                .plus(methods, request)
                .plus(methods, response)
        };
        let month_in = downlink(Flow::default().plus(telemetry, message), commands, methods);
        let month_out = downlink(
            Flow::default().plus(telemetry * deliveries, message),
            commands,
            methods,
        );
        let fleet = |per_device: f64| per_device * w.devices;
        let peak_in = downlink(
            Flow::default().plus(fleet(d.telemetry), message),
            fleet(d.commands),
            fleet(d.methods),
        );
        let peak_out = downlink(
            Flow::default().plus(fleet(d.telemetry) * deliveries, message),
            fleet(d.commands),
            fleet(d.methods),
        );
        Self {
            month_in,
            month_out,
            peak_in,
            peak_out,
            device_peak_in: Flow::default()
                .plus(d.telemetry, message)
                .plus(d.methods, response),
            telemetry_month: telemetry,
            deliveries,
        }
    }

    /// Messages in + out per second at peak: what a broker's TPS counts.
    pub fn peak_messages(&self) -> f64 {
        self.peak_in.messages + self.peak_out.messages
    }
}

/// Back-end sessions beside the devices': one per subscriber of the telemetry, at least `min`.
pub fn backend_sessions(w: &Workload, min: f64) -> f64 {
    crate::inputs::volume::ceil_whole(w.subscribers_per_message).max(min)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inputs::volume::volume;

    #[test]
    fn telemetry_in_once_out_per_delivery_and_downlink_both_ways() {
        let w = Workload {
            devices: 100.0,
            commands_per_device_per_day: 10.0,
            direct_methods_per_device_per_day: 2.0,
            ..Workload::default()
        };
        let v = volume(&w);
        let t = Traffic::new(&w, &v, &Demand::new(&w), 2.0);
        // 100 × 12/h × 720 h = 864,000 telemetry; 30,000 commands; 6,000 methods (× 2 messages).
        assert_eq!(t.month_in.messages, 864_000.0 + 30_000.0 + 12_000.0);
        assert_eq!(t.month_out.messages, 1_728_000.0 + 30_000.0 + 12_000.0);
        let bytes = 864_000.0 * 200.0 + 30_000.0 * 256.0 + 6_000.0 * (512.0 + 200.0);
        assert!((t.month_in.bytes - bytes).abs() < 1e-6);
        // Peak in = 100 × (12/3600 + 10/86400 + 2 × 2/86400) per second.
        let peak = 100.0 * (12.0 / 3600.0 + 10.0 / 86_400.0 + 4.0 / 86_400.0);
        assert!((t.peak_in.messages - peak).abs() < 1e-12);
    }
}
