//! Role assignments (`az role assignment list`).

use super::Ctx;
use crate::engine::facts::*;
use crate::engine::input::json::Node;

const ROLE_HINTS: [&str; 6] =
    ["Owner", "Contributor", "Reader", "Key Vault", "User Access Administrator", "Administrator"];

impl Ctx<'_> {
    /// A list of role names only (`--query "[].roleDefinitionName"`), as one assignment list.
    pub(super) fn role_names(&self, items: &[Node], line: usize) -> Option<RoleAssignmentList> {
        let roles: Vec<&Node> =
            items.iter().filter(|i| i.text().is_some_and(|t| ROLE_HINTS.iter().any(|h| t.contains(h)))).collect();
        if roles.is_empty() || roles.len() != items.len() {
            return None;
        }
        let assignments = roles
            .iter()
            .filter_map(|r| self.text(Some(r)))
            .map(|role| RoleAssignment {
                role,
                principal_id: None,
                principal_name: None,
                principal_type: None,
                scope: None,
            })
            .collect();
        Some(RoleAssignmentList { assignments, at: self.at(line) })
    }

    /// One role assignment object, as a list of one; none without its role's name.
    pub(super) fn role_assignment(&self, node: &Node) -> Option<RoleAssignmentList> {
        let role = self.text(node.prop("roleDefinitionName"))?;
        let assignment = RoleAssignment {
            role,
            principal_id: self.id(node.prop("principalId")),
            principal_name: node.prop("principalName").and_then(Node::text).map(str::to_string),
            principal_type: self.value(node.prop("principalType"), PrincipalType::parse),
            scope: node.prop("scope").and_then(Node::text).map(str::to_string),
        };
        let at = self.at(node.line);
        Some(RoleAssignmentList { assignments: vec![assignment], at })
    }

    /// Role assignments found one per object in a list become one list.
    pub(super) fn merge_role_items(&mut self, facts: &mut Facts, before: usize, line: usize) {
        if facts.role_lists.len() <= before + 1 {
            return;
        }
        let assignments = facts.role_lists.drain(before..).flat_map(|l| l.assignments).collect();
        facts.role_lists.push(RoleAssignmentList { assignments, at: self.at(line) });
    }
}

/// The object id the pasted `az role assignment list --assignee <id>` asked for, and its
/// line: the output lists that principal's assignments even when a `--query` left its id out.
pub(super) fn assignee(text: &str, line: usize) -> Option<(EntraId, usize)> {
    let command = text.lines().nth(line.checked_sub(1)?)?;
    let mut words = command.split_whitespace();
    while let Some(word) = words.next() {
        let value = match word.split_once('=') {
            Some(("--assignee" | "--assignee-object-id", value)) => Some(value),
            None if word == "--assignee" || word == "--assignee-object-id" => words.next(),
            _ => None,
        };
        if let Some(id) = value.and_then(|v| EntraId::parse(v.trim_matches(['"', '\'']))) {
            return Some((id, line));
        }
    }
    None
}
