//! Azure roles that matter for Key Vault's data plane.

use crate::engine::facts::{ActionArea, RbacAction};

/// Roles that only manage the vault resource: they give no access to secrets, keys or certificates.
pub const MANAGEMENT_ONLY: [&str; 5] =
    ["Owner", "Contributor", "Key Vault Contributor", "Reader", "User Access Administrator"];

pub fn is_data_role(role: &str) -> bool {
    role.starts_with("Key Vault") && !MANAGEMENT_ONLY.contains(&role) || role.starts_with("Managed HSM")
}

/// The least-privileged built-in role that allows an RBAC data action.
pub fn role_for(action: &RbacAction) -> &'static str {
    match (action.area, action.writes) {
        (ActionArea::Secrets, false) => "Key Vault Secrets User",
        (ActionArea::Secrets, true) => "Key Vault Secrets Officer",
        (ActionArea::Keys, false) => "Key Vault Crypto User",
        (ActionArea::Keys, true) => "Key Vault Crypto Officer",
        (ActionArea::Certificates, false) => "Key Vault Certificate User",
        (ActionArea::Certificates, true) => "Key Vault Certificates Officer",
        _ => "Key Vault Administrator",
    }
}

/// The least-privileged built-in role that allows a management-plane action Azure Resource
/// Manager refused.
pub fn management_role_for(action: &RbacAction) -> &'static str {
    if action.area == ActionArea::Authorization {
        "Role Based Access Control Administrator"
    } else if action.reads_only {
        "Reader"
    } else {
        "Key Vault Contributor"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::facts::ActionPlane;

    #[test]
    fn maps_actions_to_roles() {
        let data = |text: &str| role_for(&RbacAction::parse(text, ActionPlane::Data));
        assert_eq!(data("Microsoft.KeyVault/vaults/secrets/getSecret/action"), "Key Vault Secrets User");
        assert_eq!(data("Microsoft.KeyVault/vaults/secrets/setSecret/action"), "Key Vault Secrets Officer");
        assert_eq!(data("Microsoft.KeyVault/vaults/keys/decrypt/action"), "Key Vault Crypto User");
        assert_eq!(data("Microsoft.KeyVault/vaults/certificates/import/action"), "Key Vault Certificates Officer");
        let management = |text: &str| management_role_for(&RbacAction::parse(text, ActionPlane::Management));
        assert_eq!(management("Microsoft.KeyVault/vaults/read"), "Reader");
        assert_eq!(management("Microsoft.KeyVault/vaults/write"), "Key Vault Contributor");
        assert_eq!(
            management("Microsoft.Authorization/roleAssignments/write"),
            "Role Based Access Control Administrator"
        );
        assert!(!is_data_role("Key Vault Contributor"));
        assert!(is_data_role("Key Vault Secrets User"));
        assert!(!is_data_role("Contributor"));
    }
}
