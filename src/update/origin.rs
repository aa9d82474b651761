//! Where `sheets update` reads the lists from: the vendors' hosts over HTTPS (ureq, rustls),
//! with a time limit and a size cap, or files saved earlier (`--from DIR`).

use std::path::PathBuf;
use std::time::Duration;

use super::{AWS_PRICING, AZURE_PRICES, MAX_RESPONSE_BYTES, ecb};

/// Where responses come from: the network, or files saved earlier (`--from DIR`).
pub enum Origin {
    Http {
        agent: ureq::Agent,
        aws: String,
        azure: String,
        ecb: String,
        timeout: Duration,
    },
    Saved(PathBuf),
}

impl Origin {
    pub fn http(hosts: [&str; 3], timeout: Duration) -> Self {
        let [aws, azure, ecb] = hosts;
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .user_agent(concat!("iotplan/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Self::Http {
            agent,
            aws: aws.trim_end_matches('/').to_owned(),
            azure: azure.trim_end_matches('/').to_owned(),
            ecb: ecb.trim_end_matches('/').to_owned(),
            timeout,
        }
    }

    pub(super) fn aws_base(&self) -> &str {
        match self {
            Self::Http { aws, .. } => aws,
            Self::Saved(_) => AWS_PRICING,
        }
    }

    pub(super) fn ecb_base(&self) -> &str {
        match self {
            Self::Http { ecb, .. } => ecb,
            Self::Saved(_) => ecb::HOST,
        }
    }

    pub(super) fn azure_base(&self) -> &str {
        match self {
            Self::Http { azure, .. } => azure,
            Self::Saved(_) => AZURE_PRICES,
        }
    }

    /// The body at `url`, or of the file `saved` stands for it in `--from DIR`.
    pub(super) fn get(&self, url: &str, saved: &str) -> Result<String, String> {
        match self {
            Self::Saved(dir) => {
                let path = dir.join(saved);
                crate::io::read_text(&path).map_err(|e| e.to_string())
            }
            Self::Http { agent, timeout, .. } => {
                let describe = |e: &ureq::Error| describe(url, e, *timeout);
                let mut response = agent.get(url).call().map_err(|e| describe(&e))?;
                let status = response.status();
                if !status.is_success() {
                    return Err(format!("{url}: the server answered HTTP {status}"));
                }
                response
                    .body_mut()
                    .with_config()
                    .limit(MAX_RESPONSE_BYTES)
                    .read_to_string()
                    .map_err(|e| describe(&e))
            }
        }
    }
}

fn describe(url: &str, err: &ureq::Error, timeout: Duration) -> String {
    match err {
        ureq::Error::Timeout(_) => {
            format!(
                "{url}: no complete answer within {} s",
                timeout.as_secs_f64()
            )
        }
        ureq::Error::BodyExceedsLimit(_) => {
            format!(
                "{url}: the answer is larger than {} MB",
                MAX_RESPONSE_BYTES >> 20
            )
        }
        other => format!("{url}: {other}"),
    }
}
