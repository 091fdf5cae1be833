//! Azure's enumerated property values, typed once where a reader reads them, so rules compare
//! enums and never lower-cased strings.
//!
//! Each type parses case-insensitively and ignores spaces ("In progress" is `InProgress`), keeps
//! anything else in `Other` (a new Azure value is shown, not lost), and displays the Azure
//! spelling, so reports read as Azure writes them.

use std::fmt;

/// Whether `squeezed` (no white space) is `spelling` without its spaces, case ignored:
/// "appservice" is "App Service".
fn same_words(squeezed: &str, spelling: &str) -> bool {
    let mut letters = spelling.chars().filter(|c| !c.is_whitespace());
    squeezed.chars().all(|c| letters.next().is_some_and(|l| l.eq_ignore_ascii_case(&c))) && letters.next().is_none()
}

/// Declares one value type: its variants with their Azure spelling, plus `Other(String)`.
macro_rules! azure_value {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $spelling:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)+
            /// A value this version of kvdoctor does not know, as written.
            Other(String),
        }

        impl $name {
            pub fn parse(text: &str) -> $name {
                let text = text.trim();
                let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                $(if same_words(&squeezed, $spelling) {
                    return $name::$variant;
                })+
                $name::Other(text.to_string())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $($name::$variant => f.write_str($spelling),)+
                    $name::Other(text) => f.write_str(text),
                }
            }
        }
    };
}

azure_value! {
    /// `privateLinkServiceConnectionState.status` of a private endpoint connection.
    ConnectionStatus { Approved = "Approved", Pending = "Pending", Rejected = "Rejected", Disconnected = "Disconnected" }
}

azure_value! {
    /// `provisioningState` of a private endpoint or its connection.
    ProvisioningState {
        Succeeded = "Succeeded",
        Failed = "Failed",
        Updating = "Updating",
        Creating = "Creating",
        Deleting = "Deleting",
        Canceled = "Canceled",
    }
}

azure_value! {
    /// `networkAcls.defaultAction`: what the vault firewall does with callers no rule names.
    DefaultAction { Allow = "Allow", Deny = "Deny" }
}

azure_value! {
    /// `publicNetworkAccess` of the vault.
    PublicNetworkAccess { Enabled = "Enabled", Disabled = "Disabled", SecuredByPerimeter = "SecuredByPerimeter" }
}

azure_value! {
    /// `virtualNetworkLinkState` of a private DNS zone's virtual network link.
    LinkState { Completed = "Completed", InProgress = "InProgress" }
}

azure_value! {
    /// `networkAcls.bypass`: whether trusted Microsoft services pass the firewall.
    Bypass { AzureServices = "AzureServices", None = "None" }
}

azure_value! {
    /// A private endpoint connection's `groupIds` entry: the sub-resource it reaches.
    GroupId { Vault = "vault", ManagedHsm = "managedhsm" }
}

azure_value! {
    /// `resolutionPolicy` of a virtual network link: whether a name missing from the private
    /// zone falls back to public DNS.
    ResolutionPolicy { Default = "Default", NxDomainRedirect = "NxDomainRedirect" }
}

azure_value! {
    /// A credential of the Azure SDKs' identity libraries, as a chain names it when it lists
    /// what it tried (Go writes `AzureCLICredential`: case is ignored).
    Credential {
        Environment = "EnvironmentCredential",
        WorkloadIdentity = "WorkloadIdentityCredential",
        ManagedIdentity = "ManagedIdentityCredential",
        SharedTokenCache = "SharedTokenCacheCredential",
        VisualStudio = "VisualStudioCredential",
        VisualStudioCode = "VisualStudioCodeCredential",
        AzureCli = "AzureCliCredential",
        AzurePowerShell = "AzurePowerShellCredential",
        AzureDeveloperCli = "AzureDeveloperCliCredential",
        IntelliJ = "IntelliJCredential",
        InteractiveBrowser = "InteractiveBrowserCredential",
    }
}

azure_value! {
    /// Where the failing code runs, as a paste gives it away (a path, a variable, a log's frame):
    /// it decides which credential should have worked.
    Platform {
        AppService = "App Service",
        Kubernetes = "Kubernetes",
        ContainerApps = "Container Apps",
        MachineLearning = "Azure Machine Learning",
        Pipeline = "a CI pipeline",
        DeveloperMachine = "a developer machine",
    }
}

azure_value! {
    /// An App Service or Functions Key Vault reference's `status` (the SDK's `ResolveStatus`).
    ResolveStatus {
        Initialized = "Initialized",
        Resolved = "Resolved",
        InvalidSyntax = "InvalidSyntax",
        MsiNotEnabled = "MSINotEnabled",
        VaultNotFound = "VaultNotFound",
        SecretNotFound = "SecretNotFound",
        SecretVersionNotFound = "SecretVersionNotFound",
        AccessToKeyVaultDenied = "AccessToKeyVaultDenied",
        OtherReasons = "OtherReasons",
        FetchTimedOut = "FetchTimedOut",
        UnauthorizedClient = "UnauthorizedClient",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_any_case_and_spacing_and_shows_the_azure_spelling() {
        assert_eq!(ConnectionStatus::parse("approved"), ConnectionStatus::Approved);
        assert_eq!(ConnectionStatus::parse(" PENDING "), ConnectionStatus::Pending);
        assert_eq!(LinkState::parse("In progress"), LinkState::InProgress);
        assert_eq!(PublicNetworkAccess::parse("securedByPerimeter"), PublicNetworkAccess::SecuredByPerimeter);
        assert_eq!(Bypass::parse("none"), Bypass::None);
        assert_eq!(DefaultAction::parse("deny").to_string(), "Deny");
        assert_eq!(ProvisioningState::parse("succeeded").to_string(), "Succeeded");
    }

    #[test]
    fn unknown_values_are_kept_as_written() {
        let odd = ProvisioningState::parse("Migrating ");
        assert_eq!(odd, ProvisioningState::Other("Migrating".into()));
        assert_eq!(odd.to_string(), "Migrating");
        assert_eq!(DefaultAction::parse(""), DefaultAction::Other(String::new()));
    }
}
