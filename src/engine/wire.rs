//! TEMPORARY shim until the wire branch lands.
use super::input::json::Node;
use super::redact::Removed;
use super::report::Report;

pub fn report(_: &Node) -> Result<Report, String> {
    Err("shim".into())
}
pub fn removed_list(_: &Node) -> Result<Vec<Removed>, String> {
    Err("shim".into())
}
