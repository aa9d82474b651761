//! The three ingestion platforms compared side by side (domain §3–§5).

pub mod aws_iot_core;
pub mod azure_iot_hub;
pub mod self_hosted;
pub mod self_hosted_lab;
