use super::commands::{
    object_list, object_list_deleted, object_recover, vault_find, vault_list_deleted, vault_recover,
};
use super::{declare_check, Case, Outcome};
use crate::engine::facts::{Platform, SignalKind};
use crate::engine::names::{self, NameKind};

declare_check! {
    /// ## What it checks
    /// The secret, key or certificate exists and is not soft-deleted: no 404 `SecretNotFound`
    /// (`KeyNotFound`, `CertificateNotFound`) and no 409 `ObjectIsDeletedButRecoverable`.
    ///
    /// ## Why it matters
    /// By this point the request got through the network and authorization; only the object is
    /// wrong: a typo, a wrong version, the wrong vault, or an object deleted and kept for its
    /// retention period (which also blocks re-creating the name).
    ///
    /// ## Fix
    /// List the vault's objects to check the name; list deleted ones and recover the object (or
    /// purge it, if you have purge permission and purge protection is off).
    pub OBJECT_EXISTS { id: "object-exists", title: "The secret, key or certificate exists", run: run }
}

fn run(case: &Case) -> Outcome {
    let vault = case.vault_name();
    // The message names the object's kind and name; the commands use them.
    let kind = case.signal(SignalKind::ObjectKind).map_or("secret", |k| k.value.as_str());
    // Only names that follow Key Vault's rules reach a command.
    let kind = if ["secret", "key", "certificate"].contains(&kind) { kind } else { "secret" };
    let name = case
        .signal(SignalKind::ObjectName)
        .map(|n| n.value.clone())
        .filter(|n| names::problem(NameKind::Object, n).is_none())
        .unwrap_or(format!("<{kind}-name>"));
    // The vault itself, as Azure Resource Manager sees it.
    if let Some(held) = case.signal(SignalKind::VaultNameHeld) {
        return Outcome::fail("The vault name is taken: vault names are global, and a soft-deleted vault keeps its name")
            .evidence([held.at.clone()])
            .fix(
                "If the soft-deleted vault is yours, recover it (or purge it when purge protection allows, losing its contents); otherwise pick another name. Terraform recovers it when the provider's features block allows.",
                vec![vault_list_deleted(), vault_recover(&vault)],
            );
    }
    if let Some(missing) = case.signal(SignalKind::VaultNotFound) {
        let private = if case.platform() == Some(Platform::AppService) {
            " An app reaching a vault behind a private endpoint needs VNet integration and the private DNS zone linked to its VNet, or the name resolves to nothing it can use."
        } else {
            ""
        };
        return Outcome::fail("The vault is not where the caller looks for it")
            .evidence([missing.at.clone()])
            .fix(
                format!("Check the vault's name, resource group and subscription (the signed-in account's subscription may be another); if it was deleted, it is among the soft-deleted vaults until purged.{private}"),
                vec![vault_find(&vault), vault_list_deleted()],
            );
    }
    if let Some(recovering) = case.signal(SignalKind::ObjectRecovering) {
        return Outcome::fail("The object is being recovered: it cannot be written until recovery ends")
            .evidence([recovering.at.clone()])
            .fix("Wait for the recovery to finish (usually under a minute) and retry; a tool that recovers and writes at once needs a retry.", vec![object_list(kind, &vault)]);
    }
    if let Some(protected) = case.signal(SignalKind::PurgeProtected) {
        return Outcome::fail("Purge protection is on: it cannot be turned off, and deleted objects stay until their retention period ends")
            .evidence([protected.at.clone()])
            .fix("Purge protection cannot be switched off: recover the object and reuse it, or use another name until retention ends.", vec![object_list_deleted(kind, &vault, false), object_recover(kind, &vault, &name)]);
    }
    if let Some(deleted) = case.signal(SignalKind::ObjectDeleted) {
        return Outcome::fail("The object is deleted but recoverable, so its name cannot be reused")
            .evidence([deleted.at.clone()])
            .fix(
                "Recover the deleted object (or purge it, if purge protection allows).",
                vec![object_list_deleted(kind, &vault, false), object_recover(kind, &vault, &name)],
            );
    }
    match case.signal(SignalKind::ObjectNotFound) {
        Some(missing) => Outcome::fail("The requested secret, key or certificate was not found in the vault")
            .evidence([missing.at.clone()])
            .fix(
                "Check the name and version; if it was deleted recently, recover it.",
                vec![object_list(kind, &vault), object_list_deleted(kind, &vault, true)],
            ),
        None => Outcome::skip("No missing object in the pastes"),
    }
}

#[cfg(test)]
#[cfg(not(target_arch = "wasm32"))]
mod tests {
    use crate::engine::checks::testing::{message, shown};

    #[test]
    fn not_found_and_deleted_fail() {
        insta::assert_snapshot!(shown(&[
                    r#"{"error":{"code":"SecretNotFound","message":"A secret with (name/id) db-password was not found in this key vault."}}"#
                ],
                "object-exists"), @r#"
                    fail: The requested secret, key or certificate was not found in the vault
                      > {"error":{"code":"SecretNotFound","message":"A secret with (name/id) db-password was not found in this key vault."}}   (paste 1, line 1)
                    fix: Check the name and version; if it was deleted recently, recover it.
                      $ az keyvault secret list --vault-name <vault-name> -o table
                      $ az keyvault secret list-deleted --vault-name <vault-name> -o table
                    "#);
        insta::assert_snapshot!(shown(&[
                    r#"{"error":{"code":"Conflict","message":"Secret db is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.","innererror":{"code":"ObjectIsDeletedButRecoverable"}}}"#
                ],
                "object-exists"), @r#"
                    fail: The object is deleted but recoverable, so its name cannot be reused
                      > {"error":{"code":"Conflict","message":"Secret db is currently in a deleted but recoverable state, and its name cannot be reused; in this state, the secret can only be recovered or purged.","innererror":{"code":"ObjectIsDeletedButRecoverable"}}}   (paste 1, line 1)
                    fix: Recover the deleted object (or purge it, if purge protection allows).
                      $ az keyvault secret list-deleted --vault-name <vault-name>
                      $ az keyvault secret recover --vault-name <vault-name> --name <secret-name>
                    "#);
        insta::assert_snapshot!(shown(&["Status: 403 (Forbidden)\nForbiddenByRbac"], "object-exists"), @r"skip: No missing object in the pastes");
    }

    #[test]
    fn commands_name_the_object_kind_and_name() {
        let step = crate::engine::checks::testing::step(
            &["Key k1 is currently being deleted and cannot be re-created; retry later."],
            "object-exists",
        );
        let commands = step.fix.unwrap().commands;
        assert!(
            commands.iter().any(|c| c.starts_with("az keyvault key recover") && c.ends_with("--name k1")),
            "{commands:?}"
        );
        let step = crate::engine::checks::testing::step(&["Deleted Secret not found: db-password"], "object-exists");
        assert!(step.fix.unwrap().commands[0].starts_with("az keyvault secret list"));
    }

    /// What a user reads for the outcomes no sample above gives.
    #[test]
    fn remaining_outcomes() {
        // purge protection
        insta::assert_snapshot!(shown(&[message("purge-protection")], "object-exists"), @r#"
            fail: Purge protection is on: it cannot be turned off, and deleted objects stay until their retention period ends
              > Status=403 Code="Forbidden" Message="Operation \"purge\" is not allowed because purge protection is enabled for this vault. Key Vault service will automatically purge it after the retention period has passed. Vault: kv-appcore-agw-pro;location=northeurope"   (paste 1, line 1)
            fix: Purge protection cannot be switched off: recover the object and reuse it, or use another name until retention ends.
              $ az keyvault secret list-deleted --vault-name kv-appcore-agw-pro
              $ az keyvault secret recover --vault-name kv-appcore-agw-pro --name <secret-name>
            "#);
    }
}
