//! `iotplan mcp`: the command line's `report`, `diff`, `fields`, `simulate` and `quota-request`
//! as Model Context Protocol tools on stdin and stdout (domain §19), through the official SDK.
//!
//! Each tool builds the command's own arguments and runs the command's own function with JSON
//! output, so an assistant gets exactly what `iotplan report --format json` prints and, for bad
//! arguments, exactly the message the command line exits 2 with. Nothing here computes a figure,
//! and nothing writes a file: the tools read the presets, sheet folders and baselines they name.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::{RequestContext, RoleServer};
use rmcp::{ErrorData, ServerHandler, ServiceExt as _};
use serde_json::{Value, json};

use crate::cli::{self, Failure};
use crate::core::fields::{Access, FIELDS, FieldSpec, Kind};

/// Serves the tools until the client closes stdin; requests already read are answered first.
pub fn serve() -> Result<(), Failure> {
    let failed = |what: &str, e: &dyn std::fmt::Display| Failure {
        code: 1,
        message: format!("mcp: {what}: {e}"),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failed("cannot start", &e))?;
    runtime.block_on(async {
        let service = Iotplan
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| failed("cannot start the session", &e))?;
        service
            .waiting()
            .await
            .map(|_| ())
            .map_err(|e| failed("the session ended abnormally", &e))
    })
}

/// The server: it holds nothing between calls.
#[derive(Clone, Copy, Debug)]
struct Iotplan;

impl ServerHandler for Iotplan {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("iotplan", env!("CARGO_PKG_VERSION")))
            .with_instructions(
                "What an IoT fleet costs a month on each managed MQTT platform and self-hosted, \
                 where it throttles and what is missing before launch. Call `fields` for the \
                 workload fields `report` and `quota_request` accept; all money is USD unless \
                 the workload's currency says otherwise.",
            )
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        Ok(ListToolsResult::with_all_items(tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let args = request.arguments.unwrap_or_default();
        let today = chrono::Local::now().date_naive();
        let outcome = match request.name.as_ref() {
            "report" => report(&args, today),
            "diff" => diff(&args, today),
            "fields" => expect_keys(&args, &[]).and_then(|()| cli::fields_json()),
            "simulate" => simulate(&args),
            "quota_request" => quota_request(&args, today),
            other => {
                return Err(ErrorData::invalid_params(
                    format!(
                        "unknown tool `{other}`; the tools are {}",
                        TOOL_NAMES.join(", ")
                    ),
                    None,
                ));
            }
        };
        Ok(match outcome {
            Ok(text) => CallToolResult::success(vec![ContentBlock::text(text)]),
            // A tool error, not a protocol error: the assistant reads why and can retry.
            Err(failure) => CallToolResult::error(vec![ContentBlock::text(failure.message)]),
        }
        .into())
    }
}

const TOOL_NAMES: [&str; 5] = ["report", "diff", "fields", "simulate", "quota_request"];

fn tools() -> Vec<Tool> {
    let read_only = || ToolAnnotations::new().read_only(true);
    let tool = |name: &'static str, description: &'static str, schema: Value| {
        let Value::Object(schema) = schema else {
            unreachable!("every schema below is a JSON object")
        };
        Tool::new(name, description, Arc::new(schema)).with_annotations(read_only())
    };
    vec![
        tool(
            "report",
            "The full report for a workload (a preset file and/or workload fields by their \
             domain names): monthly cost per platform with line items, the launch platform, \
             limits with utilisation and remedies, storage, readiness; the same JSON as \
             `iotplan report --format json`.",
            object(report_properties(true), &[]),
        ),
        tool(
            "diff",
            "What moved between two presets: totals, line items, volume, storage, limits and \
             checklist; the same JSON as `iotplan diff --format json`.",
            object(
                json!({
                    "base": path("The baseline preset (RON)"),
                    "new": path("The new preset (RON)"),
                    "today": date(),
                }),
                &["base", "new"],
            ),
        ),
        tool(
            "fields",
            "Every workload field (name, accepted values, unit, default, meaning) and every \
             price-sheet figure; the same JSON as `iotplan fields --format json`.",
            object(json!({}), &[]),
        ),
        tool(
            "simulate",
            "A reconnect storm: devices connecting at once against a connect-rate limit, with a \
             retry strategy; the same JSON as `iotplan simulate --format json`.",
            object(
                json!({
                    "devices": {"type": "integer", "minimum": 1, "maximum": 10_000_000,
                                "description": "Devices that connect"},
                    "connects_per_second": {"type": "number", "exclusiveMinimum": 0,
                                            "description": "The connect-rate limit"},
                    "backoff": {"type": "string", "enum": ["none", "exponential", "full-jitter",
                                "equal-jitter", "decorrelated-jitter"],
                                "description": "How rejected clients retry"},
                    "base_ms": {"type": "number", "default": 100.0},
                    "cap_ms": {"type": "number", "default": 30_000.0},
                    "window_s": {"type": "number", "default": 0.0,
                                 "description": "Spread first attempts over this many seconds"},
                    "seed": {"type": "integer", "minimum": 0, "default": 1},
                }),
                &["devices", "connects_per_second", "backoff"],
            ),
        ),
        tool(
            "quota_request",
            "The quota increases the launch platform (or `platform`) needs before launch: \
             the AWS Service Quotas requests or the support-request text; the same JSON as \
             `iotplan quota-request --format json`.",
            object(report_properties(false), &[]),
        ),
    ]
}

fn object(properties: Value, required: &[&str]) -> Value {
    let properties = properties;
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn path(description: &str) -> Value {
    json!({"type": "string", "description": description})
}

fn date() -> Value {
    json!({"type": "string", "format": "date",
           "description": "The day to take as today (YYYY-MM-DD) for sheet ages and checklist dates"})
}

/// The arguments `report` (with `compare_to`) and `quota_request` (with `platform`) share.
fn report_properties(report: bool) -> Value {
    let fields: serde_json::Map<String, Value> = FIELDS
        .iter()
        .map(|f| (f.name.to_owned(), field_schema(f)))
        .collect();
    let ranges: serde_json::Map<String, Value> = FIELDS
        .iter()
        .filter(|f| f.is_rangeable())
        .map(|f| {
            let bound = json!({"type": "number", "minimum": f.min, "maximum": f.max});
            let schema = json!({"type": "array", "items": bound, "minItems": 2, "maxItems": 2,
                                "description": format!("[low, high] around {}", f.label)});
            (f.name.to_owned(), schema)
        })
        .collect();
    let mut properties = json!({
        "preset": path("A preset file (RON); without one, the default workload"),
        "workload": {"type": "object", "properties": fields, "additionalProperties": false,
                     "description": "Workload fields to set, by their domain names (after the preset)"},
        "ranges": {"type": "object", "properties": ranges, "additionalProperties": false,
                   "description": "Low and high of numeric fields: the report adds P10/P50/P90"},
        "sheets": path("The price sheets: a folder (absent files fall back to the embedded ones), a set's name from `iotplan sheets list`, or `built-in`; default the newest set, else built-in"),
        "today": date(),
    });
    let extra = if report {
        (
            "compare_to",
            path("A baseline preset: the report adds what moved against it"),
        )
    } else {
        (
            "platform",
            json!({"type": "string", "description": "The platform to request quotas on (default: the launch platform)"}),
        )
    };
    properties[extra.0] = extra.1;
    properties
}

/// One workload field as JSON Schema, from the field table.
fn field_schema(f: &FieldSpec) -> Value {
    let mut schema = match f.kind {
        Kind::Number => json!({"type": "number", "minimum": f.min, "maximum": f.max}),
        Kind::Integer => json!({"type": "integer", "minimum": f.min, "maximum": f.max}),
        Kind::Choice(values) => json!({"enum": values.iter().map(|(v, _)| *v).collect::<Vec<_>>()}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Named => json!({"type": "string",
                              "enum": f.options().iter().map(|c| c.id).collect::<Vec<_>>()}),
        Kind::Date => json!({"type": ["string", "null"], "format": "date"}),
    };
    if let Access::Optional { unset_means, .. } = f.access {
        schema = json!({"anyOf": [schema, {"type": "null"}],
                        "description": format!("null: the value of {unset_means}")});
    }
    let unit = if f.unit.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.unit)
    };
    let description = format!("{}{unit}: {}", f.label, f.help);
    match schema.get_mut("description") {
        Some(Value::String(text)) => *text = format!("{description}; {text}"),
        _ => schema["description"] = Value::String(description),
    }
    schema
}

fn usage(message: impl Into<String>) -> Failure {
    Failure {
        code: 2,
        message: message.into(),
    }
}

/// Refuses an argument the tool does not take, as the command line refuses an unknown flag.
fn expect_keys(args: &JsonObject, known: &[&str]) -> Result<(), Failure> {
    match args.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(key) if known.is_empty() => Err(usage(format!("unexpected argument `{key}`"))),
        Some(key) => Err(usage(format!(
            "unexpected argument `{key}`; expected {}",
            known.join(", ")
        ))),
    }
}

fn string_arg(args: &JsonObject, key: &str) -> Result<Option<String>, Failure> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(usage(format!("{key}: expected a string"))),
    }
}

fn path_arg(args: &JsonObject, key: &str) -> Result<Option<PathBuf>, Failure> {
    Ok(string_arg(args, key)?.map(PathBuf::from))
}

fn required_path(args: &JsonObject, key: &str) -> Result<PathBuf, Failure> {
    path_arg(args, key)?.ok_or_else(|| usage(format!("{key}: required (a preset file)")))
}

fn date_arg(args: &JsonObject) -> Result<Option<NaiveDate>, Failure> {
    string_arg(args, "today")?
        .map(|text| {
            crate::core::fields::parse_date(&text)
                .map_err(|e| usage(format!("--today {text}: {e}")))
        })
        .transpose()
}

/// A JSON value as the command line would have been given it.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => "none".to_owned(),
        other => other.to_string(),
    }
}

fn object_arg<'a>(args: &'a JsonObject, key: &str) -> Result<Option<&'a JsonObject>, Failure> {
    match args.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) => Ok(Some(map)),
        Some(_) => Err(usage(format!("{key}: expected an object of field names"))),
    }
}

/// `preset`, `workload`, `ranges`, `sheets` and `today`, as `--set` and `--range` arguments.
fn workload_args(args: &JsonObject) -> Result<cli::WorkloadArgs, Failure> {
    let set = object_arg(args, "workload")?
        .into_iter()
        .flatten()
        .map(|(name, value)| format!("{name}={}", as_text(value)))
        .collect();
    let range = object_arg(args, "ranges")?
        .into_iter()
        .flatten()
        .map(|(name, value)| match value.as_array().map(Vec::as_slice) {
            Some([low, high]) => Ok(format!("{name}={}..{}", as_text(low), as_text(high))),
            _ => Err(usage(format!("--range {name}: expected [low, high]"))),
        })
        .collect::<Result<_, _>>()?;
    Ok(cli::WorkloadArgs {
        preset: path_arg(args, "preset")?,
        set,
        range,
        sheets: path_arg(args, "sheets")?,
        today: date_arg(args)?,
    })
}

const WORKLOAD_KEYS: [&str; 5] = ["preset", "workload", "ranges", "sheets", "today"];

fn report(args: &JsonObject, today: NaiveDate) -> Result<String, Failure> {
    let known: Vec<&str> = WORKLOAD_KEYS
        .iter()
        .copied()
        .chain(["compare_to"])
        .collect();
    expect_keys(args, &known)?;
    let report_args = cli::ReportArgs {
        workload: workload_args(args)?,
        format: cli::ReportFormat::Json,
        budget: None,
        max_utilization: None,
        platform: None,
        compare_to: path_arg(args, "compare_to")?,
        max_increase: None,
        max_change: None,
        strict: false,
    };
    cli::report(&report_args, today).map(|(text, _)| text)
}

fn quota_request(args: &JsonObject, today: NaiveDate) -> Result<String, Failure> {
    let known: Vec<&str> = WORKLOAD_KEYS.iter().copied().chain(["platform"]).collect();
    expect_keys(args, &known)?;
    let quota_args = cli::QuotaRequestArgs {
        workload: workload_args(args)?,
        platform: string_arg(args, "platform")?,
        format: cli::Format::Json,
    };
    cli::quota_request(&quota_args, today)
}

fn diff(args: &JsonObject, today: NaiveDate) -> Result<String, Failure> {
    expect_keys(args, &["base", "new", "today"])?;
    let diff_args = cli::DiffArgs {
        base: required_path(args, "base")?,
        new: required_path(args, "new")?,
        format: cli::ReportFormat::Json,
        today: date_arg(args)?,
    };
    cli::diff(&diff_args, today)
}

fn simulate(args: &JsonObject) -> Result<String, Failure> {
    expect_keys(
        args,
        &[
            "devices",
            "connects_per_second",
            "backoff",
            "base_ms",
            "cap_ms",
            "window_s",
            "seed",
        ],
    )?;
    let whole = |key: &str, default: Option<u64>| match args.get(key) {
        None | Some(Value::Null) => default.ok_or_else(|| usage(format!("--{key}: required"))),
        Some(value) => value
            .as_u64()
            .ok_or_else(|| usage(format!("--{key} {value}: expected a whole number"))),
    };
    let number = |key: &str, default: Option<f64>| match args.get(key) {
        None | Some(Value::Null) => default.ok_or_else(|| usage(format!("--{key}: required"))),
        Some(value) => value
            .as_f64()
            .ok_or_else(|| usage(format!("--{key} {value}: expected a number"))),
    };
    let sim_args = cli::SimulateArgs {
        devices: whole("devices", None)?,
        connects_per_second: number("connects_per_second", None)?,
        backoff: string_arg(args, "backoff")?.ok_or_else(|| usage("--backoff: required"))?,
        base_ms: number("base_ms", Some(100.0))?,
        cap_ms: number("cap_ms", Some(30_000.0))?,
        window_s: number("window_s", Some(0.0))?,
        seed: whole("seed", Some(1))?,
        format: cli::Format::Json,
    };
    cli::simulate(&sim_args)
}
