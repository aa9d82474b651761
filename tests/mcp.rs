//! `iotplan mcp` end to end: a small client written against the Model Context Protocol's
//! JSON-RPC messages drives the real binary over its stdin and stdout, waiting for each answer
//! before the next request, and checks every tool returns exactly what the command line prints.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

const TODAY: &str = "2026-11-28";

fn repo(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(path)
        .display()
        .to_string()
}

struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
}

impl Session {
    /// Starts the server in an empty folder with an empty home, so that anything it wrote
    /// would show.
    fn start(dir: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iotplan"))
            .arg("mcp")
            .current_dir(dir)
            .env("HOME", dir)
            .env("XDG_DATA_HOME", dir)
            .env("XDG_CONFIG_HOME", dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        Self {
            child,
            stdin,
            stdout,
            next_id: 1,
        }
    }

    fn send(&mut self, message: &Value) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        writeln!(stdin, "{message}").expect("the server reads");
        stdin.flush().expect("the server reads");
    }

    /// The next message from the server.
    fn receive(&mut self) -> Value {
        let mut line = String::new();
        let read = self.stdout.read_line(&mut line).expect("the server writes");
        assert!(read > 0, "the server closed stdout before answering");
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON-RPC ({e}): {line}"))
    }

    /// Sends a request and waits for its answer (the `result`, or the whole message on an error).
    fn request(&mut self, method: &str, params: &Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let answer = self.receive();
        assert_eq!(answer["jsonrpc"], "2.0");
        assert_eq!(answer["id"], id, "answers come in order: {answer}");
        answer.get("result").cloned().unwrap_or(answer)
    }

    /// A tool's text and whether it is an error.
    fn call(&mut self, tool: &str, arguments: &Value) -> (String, bool) {
        let result = self.request("tools/call", &json!({"name": tool, "arguments": arguments}));
        let content = result["content"].as_array().expect("content is a list");
        assert_eq!(content.len(), 1, "{result}");
        assert_eq!(content[0]["type"], "text");
        let text = content[0]["text"].as_str().expect("text").to_owned();
        (text, result["isError"].as_bool().unwrap_or(false))
    }
}

/// What the command line prints to stdout (exit 0) or, after `iotplan: `, to stderr (exit 2).
fn cli(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_iotplan"))
        .args(args)
        .output()
        .expect("the binary runs");
    let code = out.status.code().expect("exits");
    if code == 0 {
        (String::from_utf8(out.stdout).expect("UTF-8"), code)
    } else {
        let err = String::from_utf8(out.stderr).expect("UTF-8");
        let line = err.trim_end().strip_prefix("iotplan: ").expect("prefixed");
        (line.to_owned(), code)
    }
}

fn empty_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("iotplan-mcp-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn a_session_calls_every_tool_and_gets_what_the_command_line_prints() {
    let dir = empty_dir();
    let mut s = Session::start(&dir);
    handshake(&mut s);
    every_tool_prints_what_the_command_line_prints(&mut s);
    bad_arguments_are_tool_errors_with_the_command_lines_message(&mut s);

    // An unknown tool is a protocol error, not a crash: the session goes on.
    let answer = s.request("tools/call", &json!({"name": "launch", "arguments": {}}));
    assert!(
        answer["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown tool `launch`")),
        "{answer}"
    );

    // A request sent just before stdin closes is still answered, then the server exits 0.
    s.send(&json!({"jsonrpc": "2.0", "id": 99, "method": "tools/call",
                   "params": {"name": "fields", "arguments": {}}}));
    drop(s.stdin.take());
    let final_answer = s.receive();
    assert_eq!(final_answer["id"], 99);
    assert_eq!(
        final_answer["result"]["isError"].as_bool(),
        Some(false),
        "{final_answer}"
    );
    let status = s.child.wait().expect("exits");
    assert!(status.success(), "{status}");

    // It wrote nothing: the folder it ran in (also its home) is still empty.
    let left: Vec<_> = std::fs::read_dir(&dir).expect("dir").collect();
    assert!(left.is_empty(), "the server wrote {left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

fn handshake(s: &mut Session) {
    let init = s.request(
        "initialize",
        &json!({"protocolVersion": "2025-06-18", "capabilities": {},
               "clientInfo": {"name": "iotplan-test", "version": "1"}}),
    );
    assert_eq!(init["serverInfo"]["name"], "iotplan");
    assert!(init["capabilities"]["tools"].is_object(), "{init}");
    s.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));

    let list = s.request("tools/list", &json!({}));
    let tools = list["tools"].as_array().expect("tools");
    let names: Vec<&str> = tools.iter().filter_map(|t| t["name"].as_str()).collect();
    assert_eq!(
        names,
        ["report", "diff", "fields", "simulate", "quota_request"]
    );
    let report_schema = &tools[0]["inputSchema"];
    // Workload fields by their domain names, with the field table's ranges.
    let devices = &report_schema["properties"]["workload"]["properties"]["devices"];
    assert_eq!(devices["type"], "integer");
    assert_eq!(devices["minimum"], 1.0);
    assert_eq!(
        report_schema["properties"]["workload"]["properties"]["region"]["enum"][0],
        "us-east-1"
    );
    assert_eq!(tools[3]["inputSchema"]["required"][2], "backoff");
}

fn every_tool_prints_what_the_command_line_prints(s: &mut Session) {
    report_takes_fields_by_name_ranges_and_a_baseline(s);
    let water = repo("presets/water-utility.ron");
    let fleet = repo("presets/vehicle-fleet.ron");
    let launch = repo("presets/launch-day.ron");

    let (text, error) = s.call(
        "diff",
        &json!({"base": fleet, "new": water, "today": TODAY}),
    );
    assert!(!error, "{text}");
    assert_eq!(
        text,
        cli(&["diff", &fleet, &water, "--format", "json", "--today", TODAY]).0
    );

    let (text, error) = s.call("fields", &json!({}));
    assert!(!error, "{text}");
    assert_eq!(text, cli(&["fields", "--format", "json"]).0);
    let fields: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(fields["workload_fields"][0]["name"], "devices");

    let (text, error) = s.call(
        "simulate",
        &json!({"devices": 20000, "connects_per_second": 100, "backoff": "full-jitter"}),
    );
    assert!(!error, "{text}");
    let (expected, _) = cli(&[
        "simulate",
        "--devices",
        "20000",
        "--connects-per-second",
        "100",
        "--backoff",
        "full-jitter",
        "--format",
        "json",
    ]);
    assert_eq!(text, expected);

    let (text, error) = s.call("quota_request", &json!({"preset": launch, "today": TODAY}));
    assert!(!error, "{text}");
    assert_eq!(
        text,
        cli(&[
            "quota-request",
            &launch,
            "--format",
            "json",
            "--today",
            TODAY
        ])
        .0
    );
    let quota: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(quota["requests"][0]["quota_code"], "L-4B33E451");
}

/// `report`: a preset, fields by their domain names, a range and a baseline.
fn report_takes_fields_by_name_ranges_and_a_baseline(s: &mut Session) {
    let water = repo("presets/water-utility.ron");
    let fleet = repo("presets/vehicle-fleet.ron");
    let (text, error) = s.call(
        "report",
        &json!({"preset": water, "workload": {"devices": 45000, "retention_days": 90},
               "ranges": {"messages_per_device_per_hour": [30, 120]},
               "compare_to": fleet, "today": TODAY}),
    );
    assert!(!error, "{text}");
    let (expected, _) = cli(&[
        "report",
        &water,
        "--set",
        "devices=45000",
        "--set",
        "retention_days=90",
        "--range",
        "messages_per_device_per_hour=30..120",
        "--compare-to",
        &fleet,
        "--format",
        "json",
        "--today",
        TODAY,
    ]);
    assert_eq!(text, expected);
    let report: Value = serde_json::from_str(&text).expect("JSON");
    assert!(report["ranges"].is_object(), "the range gives P10/P50/P90");
    assert!(
        report["comparison"].is_object(),
        "the baseline gives what moved"
    );
}

fn bad_arguments_are_tool_errors_with_the_command_lines_message(s: &mut Session) {
    let fleet = repo("presets/vehicle-fleet.ron");
    // Bad arguments: a tool error with the command line's exit-2 message.
    let (text, error) = s.call("report", &json!({"workload": {"devices": "many"}}));
    assert!(error);
    let (message, code) = cli(&["report", "--set", "devices=many"]);
    assert_eq!(code, 2);
    assert_eq!(text, message);
    let (text, error) = s.call("report", &json!({"workload": {"device": 5}}));
    assert!(error);
    assert_eq!(text, cli(&["report", "--set", "device=5"]).0);
    let (text, error) = s.call("report", &json!({"preset": repo("presets/missing.ron")}));
    assert!(error);
    assert_eq!(text, cli(&["report", &repo("presets/missing.ron")]).0);
    let (text, error) = s.call(
        "simulate",
        &json!({"devices": 0, "connects_per_second": 10, "backoff": "none"}),
    );
    assert!(error);
    assert_eq!(
        text,
        cli(&[
            "simulate",
            "--devices",
            "0",
            "--connects-per-second",
            "10",
            "--backoff",
            "none"
        ])
        .0
    );
    let (text, error) = s.call("diff", &json!({"base": fleet}));
    assert!(error);
    assert_eq!(text, "new: required (a preset file)");
    let (text, error) = s.call("fields", &json!({"verbose": true}));
    assert!(error);
    assert_eq!(text, "unexpected argument `verbose`");
}
