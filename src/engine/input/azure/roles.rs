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

    /// One role assignment object, as a list of one; none without its role's name or a
    /// built-in role's definition id (a REST body or the portal's JSON view has only the id).
    pub(super) fn role_assignment(&self, node: &Node) -> Option<RoleAssignmentList> {
        let role = self.text(node.prop("roleDefinitionName")).or_else(|| {
            let id = node.prop("roleDefinitionId")?;
            let name = builtin_role(id.text()?)?;
            Some(Located::new(name.to_string(), self.at_node(id)))
        })?;
        let assignment = RoleAssignment {
            role,
            principal_id: self.id(node.prop("principalId")),
            principal_name: node.prop("principalName").and_then(Node::text).map(str::to_string),
            principal_type: self.value(node.prop("principalType"), PrincipalType::parse),
            scope: self.value(node.prop("scope"), RoleScope::parse),
        };
        let at = self.at_node(node);
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

/// Key Vault's built-in roles and the general ones, by role definition id (the last segment
/// of `roleDefinitionId`), as Azure Verified Modules' key-vault module lists them.
const BUILTIN_ROLES: [(&str, &str); 17] = [
    ("00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator"),
    ("a4417e6f-fecd-4de8-b567-7b0420556985", "Key Vault Certificates Officer"),
    ("db79e9a7-68ee-4b58-9aeb-b90e7c24fcba", "Key Vault Certificate User"),
    ("f25e0fa2-a7c8-4377-a976-54943a77a395", "Key Vault Contributor"),
    ("14b46e9e-c2b7-41b4-b07b-48a6ebf60603", "Key Vault Crypto Officer"),
    ("e147488a-f6f5-4113-8e2d-b22465e65bf6", "Key Vault Crypto Service Encryption User"),
    ("08bbd89e-9f13-488c-ac41-acfcb10c90ab", "Key Vault Crypto Service Release User"),
    ("12338af0-0e69-4776-bea7-57ae8d297424", "Key Vault Crypto User"),
    ("8b54135c-b56d-4d72-a534-26097cfdc8d8", "Key Vault Data Access Administrator"),
    ("21090545-7ca7-4776-b22c-e363652d74d2", "Key Vault Reader"),
    ("b86a8fe4-44ce-4948-aee5-eccb2c155cd7", "Key Vault Secrets Officer"),
    ("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User"),
    ("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor"),
    ("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner"),
    ("acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader"),
    ("f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator"),
    ("18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator"),
];

/// A built-in role's name from its definition id (`/subscriptions/…/providers/
/// Microsoft.Authorization/roleDefinitions/<guid>` or the guid alone).
fn builtin_role(definition_id: &str) -> Option<&'static str> {
    let id = EntraId::parse(definition_id.trim_end_matches('/').rsplit('/').next()?)?;
    BUILTIN_ROLES.iter().find(|(guid, _)| EntraId::parse(guid) == Some(id)).map(|(_, name)| *name)
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
