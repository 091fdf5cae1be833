//! Azure roles that matter for Key Vault's data plane.

/// Roles that only manage the vault resource: they give no access to secrets, keys or certificates.
pub const MANAGEMENT_ONLY: [&str; 5] =
    ["Owner", "Contributor", "Key Vault Contributor", "Reader", "User Access Administrator"];

pub fn is_data_role(role: &str) -> bool {
    role.starts_with("Key Vault") && !MANAGEMENT_ONLY.contains(&role) || role.starts_with("Managed HSM")
}

/// The least-privileged built-in role that allows an RBAC data action.
pub fn role_for(action: &str) -> &'static str {
    let a = action.to_ascii_lowercase();
    let write = ["write", "set", "delete", "create", "import", "purge", "recover", "backup", "restore", "update"]
        .iter()
        .any(|w| a.contains(w));
    if a.contains("/secrets/") {
        if write {
            "Key Vault Secrets Officer"
        } else {
            "Key Vault Secrets User"
        }
    } else if a.contains("/keys/") {
        if write {
            "Key Vault Crypto Officer"
        } else {
            "Key Vault Crypto User"
        }
    } else if a.contains("/certificates/") {
        if write {
            "Key Vault Certificates Officer"
        } else {
            "Key Vault Certificate User"
        }
    } else {
        "Key Vault Administrator"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_actions_to_roles() {
        assert_eq!(role_for("Microsoft.KeyVault/vaults/secrets/getSecret/action"), "Key Vault Secrets User");
        assert_eq!(role_for("Microsoft.KeyVault/vaults/secrets/setSecret/action"), "Key Vault Secrets Officer");
        assert_eq!(role_for("Microsoft.KeyVault/vaults/keys/decrypt/action"), "Key Vault Crypto User");
        assert!(!is_data_role("Key Vault Contributor"));
        assert!(is_data_role("Key Vault Secrets User"));
        assert!(!is_data_role("Contributor"));
    }
}
