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
        CloudShell = "Cloud Shell",
        VirtualMachine = "a virtual machine",
        Databricks = "Azure Databricks",
    }
}

/// The hosts a user may choose when the pastes do not show where the code runs (the page's
/// "where does the code run?" control, the CLI's `--host`): each one's id, as a link and the
/// CLI write it, and its label.
pub const HOST_CHOICES: [(Platform, &str, &str); 6] = [
    (Platform::AppService, "app-service", "App Service / Functions"),
    (Platform::Kubernetes, "aks", "AKS pod"),
    (Platform::ContainerApps, "container-apps", "Container Apps"),
    (Platform::CloudShell, "cloud-shell", "Cloud Shell"),
    (Platform::VirtualMachine, "vm", "Virtual machine"),
    (Platform::DeveloperMachine, "laptop", "Laptop / on-premises"),
];

impl Platform {
    /// The host a choice's id names (`aks`, `app-service`, …), ignoring case; `None` for any
    /// other text (an empty choice is no choice).
    pub fn from_choice(id: &str) -> Option<Platform> {
        let id = id.trim();
        HOST_CHOICES.iter().find(|(_, choice, _)| choice.eq_ignore_ascii_case(id)).map(|(p, _, _)| p.clone())
    }

    /// The id a choice of this host is written with, when it is one of [`HOST_CHOICES`].
    pub fn choice_id(&self) -> Option<&'static str> {
        HOST_CHOICES.iter().find(|(p, _, _)| p == self).map(|(_, id, _)| *id)
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

azure_value! {
    /// What kind of principal a grant is for, or a caller is: a role assignment's
    /// `principalType`, or a token's `idtyp` (`app` is a service principal, `user` a user).
    PrincipalType {
        User = "User",
        Group = "Group",
        ServicePrincipal = "ServicePrincipal",
        ForeignGroup = "ForeignGroup",
        Device = "Device",
    }
}

impl PrincipalType {
    /// A token's `idtyp` claim: `app` (a service principal or managed identity) or `user`.
    pub fn from_idtyp(idtyp: &str) -> PrincipalType {
        match PrincipalType::parse(idtyp) {
            PrincipalType::Other(other) if other.eq_ignore_ascii_case("app") => PrincipalType::ServicePrincipal,
            typed => typed,
        }
    }

    /// The words a report uses: "a user", "a service principal", "a group".
    pub fn noun(&self) -> String {
        match self {
            PrincipalType::User => "a user".to_string(),
            PrincipalType::Group => "a group".to_string(),
            PrincipalType::ServicePrincipal => "a service principal".to_string(),
            PrincipalType::ForeignGroup => "a foreign group".to_string(),
            PrincipalType::Device => "a device".to_string(),
            PrincipalType::Other(other) => format!("a {other}"),
        }
    }
}

/// A Microsoft Entra id: an object (principal) id, an application (client) id or a tenant id.
/// Typed once where a reader reads it, so rules compare ids, never strings, whatever case or
/// braces the paste wrote them in; shown lower case with hyphens, as Azure writes them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EntraId(u128);

impl EntraId {
    /// `8-4-4-4-12` hexadecimal digits, optionally in braces; anything else (a mask, a
    /// placeholder, a cut id) is not an id.
    pub fn parse(text: &str) -> Option<EntraId> {
        let text = text.trim();
        let text = text.strip_prefix('{').and_then(|t| t.strip_suffix('}')).unwrap_or(text);
        let groups: Vec<&str> = text.split('-').collect();
        let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
        if lengths != [8, 4, 4, 4, 12] || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_hexdigit())) {
            return None;
        }
        u128::from_str_radix(&groups.concat(), 16).ok().map(EntraId)
    }
}

impl fmt::Display for EntraId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = format!("{:032x}", self.0);
        let part = |from: usize, to: usize| hex.get(from..to).unwrap_or_default();
        write!(f, "{}-{}-{}-{}-{}", part(0, 8), part(8, 12), part(12, 16), part(16, 20), part(20, 32))
    }
}

/// Which plane refused an action: Key Vault's data plane (`Action:` of a `ForbiddenByRbac`
/// 403) or Azure Resource Manager (`AuthorizationFailed … perform action '…'`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionPlane {
    Data,
    Management,
}

/// What an action is about, by its resource type segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActionArea {
    /// `Microsoft.KeyVault/vaults/secrets/…` (and Managed HSM's).
    Secrets,
    /// `…/keys/…`.
    Keys,
    /// `…/certificates/…`.
    Certificates,
    /// `Microsoft.Authorization/…`: role assignments themselves.
    Authorization,
    /// Anything else: the vault resource, its settings, another provider's type.
    Other,
}

/// An Azure RBAC action or data action as a refusal names it
/// (`Microsoft.KeyVault/vaults/secrets/getSecret/action`), typed once where it is read: rules
/// compare its area and whether it reads or writes, never the lower-cased text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RbacAction {
    /// As the paste wrote it, for reports.
    pub text: String,
    pub plane: ActionPlane,
    pub area: ActionArea,
    /// A `/read` (management) or a get/list/sign/decrypt… (data) action: false; one that
    /// changes something (write, set, delete, create, import, purge, recover, backup,
    /// restore, update): true.
    pub writes: bool,
    /// A management action that only reads (`…/read`).
    pub reads_only: bool,
}

impl RbacAction {
    pub fn parse(text: &str, plane: ActionPlane) -> RbacAction {
        let text = text.trim().to_string();
        let segments: Vec<&str> = text.split('/').filter(|s| !s.is_empty()).collect();
        let is = |segment: &&str, word: &str| segment.eq_ignore_ascii_case(word);
        let area = if segments.first().is_some_and(|s| is(s, "Microsoft.Authorization")) {
            ActionArea::Authorization
        } else if segments.iter().any(|s| is(s, "secrets")) {
            ActionArea::Secrets
        } else if segments.iter().any(|s| is(s, "keys")) {
            ActionArea::Keys
        } else if segments.iter().any(|s| is(s, "certificates")) {
            ActionArea::Certificates
        } else {
            ActionArea::Other
        };
        // The verb is the last segment, or the one before a trailing `action`.
        let verb = match segments.as_slice() {
            [.., verb, last] if is(last, "action") => verb,
            [.., last] => last,
            [] => "",
        };
        const WRITES: [&str; 10] =
            ["write", "set", "delete", "create", "import", "purge", "recover", "backup", "restore", "update"];
        let lower = verb.to_ascii_lowercase();
        let writes = WRITES.iter().any(|w| lower.contains(w));
        let reads_only = lower == "read";
        RbacAction { text, plane, area, writes, reads_only }
    }
}

impl fmt::Display for RbacAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// How high in Azure's hierarchy a role assignment sits: an assignment applies to everything
/// below its scope, so one on the subscription reaches every vault in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ScopeLevel {
    /// `/`: the whole tenant's hierarchy.
    Root,
    /// `/providers/Microsoft.Management/managementGroups/<group>`.
    ManagementGroup,
    /// `/subscriptions/<id>`.
    Subscription,
    /// `/subscriptions/<id>/resourceGroups/<group>`.
    ResourceGroup,
    /// A resource: the vault itself, or another one.
    Resource,
}

/// A role assignment's `scope`, typed where it is read.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RoleScope {
    /// As written.
    pub text: String,
    pub level: ScopeLevel,
    /// The management group, subscription, group or resource it names.
    pub name: String,
}

impl RoleScope {
    pub fn parse(text: &str) -> RoleScope {
        let text = text.trim().to_string();
        let segments: Vec<&str> = text.split('/').filter(|s| !s.is_empty()).collect();
        let is = |i: usize, word: &str| segments.get(i).is_some_and(|s| s.eq_ignore_ascii_case(word));
        let at = |i: usize| segments.get(i).copied().unwrap_or_default().to_string();
        let (level, name) = if segments.is_empty() {
            (ScopeLevel::Root, String::new())
        } else if is(0, "providers") && is(1, "Microsoft.Management") && is(2, "managementGroups") {
            (ScopeLevel::ManagementGroup, at(3))
        } else if is(0, "subscriptions") && segments.len() <= 2 {
            (ScopeLevel::Subscription, at(1))
        } else if is(0, "subscriptions") && is(2, "resourceGroups") && segments.len() <= 4 {
            (ScopeLevel::ResourceGroup, at(3))
        } else {
            (ScopeLevel::Resource, segments.last().copied().unwrap_or_default().to_string())
        };
        RoleScope { text, level, name }
    }

    /// Whether an assignment here reaches the resource `id`: it does when the id lies under
    /// the scope (ARM ids ignore case). A management group is not in a resource's id, so
    /// there the id cannot tell (`None`).
    pub fn covers(&self, id: &str) -> Option<bool> {
        let segments = |text: &str| -> Vec<String> {
            text.split('/').filter(|s| !s.is_empty()).map(str::to_ascii_lowercase).collect()
        };
        match self.level {
            ScopeLevel::Root => Some(true),
            ScopeLevel::ManagementGroup => None,
            _ => {
                let scope = segments(&self.text);
                let id = segments(id);
                Some(id.len() >= scope.len() && id.iter().zip(&scope).all(|(a, b)| a == b))
            }
        }
    }

    /// "the subscription a925f2f7-…", "the resource group rg-sec", "the management group
    /// marketing-group", "the resource kv-contoso".
    pub fn words(&self) -> String {
        match self.level {
            ScopeLevel::Root => "the root scope (/)".to_string(),
            ScopeLevel::ManagementGroup => format!("the management group {}", self.name),
            ScopeLevel::Subscription => format!("the subscription {}", self.name),
            ScopeLevel::ResourceGroup => format!("the resource group {}", self.name),
            ScopeLevel::Resource => {
                let kind = self.text.trim_end_matches('/').rsplit('/').nth(1).unwrap_or_default();
                if kind.eq_ignore_ascii_case("vaults") {
                    format!("the vault {}", self.name)
                } else if kind.eq_ignore_ascii_case("managedHSMs") {
                    format!("the Managed HSM {}", self.name)
                } else {
                    format!("the resource {}", self.name)
                }
            }
        }
    }
}

azure_value! {
    /// A network security perimeter association's `accessMode`: `Enforced` refuses public
    /// callers no inbound access rule allows; `Learning` (transition) and `Audit` only log.
    PerimeterMode { Enforced = "Enforced", Learning = "Learning", Audit = "Audit" }
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

    #[test]
    fn entra_ids_are_typed_whatever_their_case_and_masks_are_not_ids() {
        let id = EntraId::parse("{25CC773C-7F05-40FC-A104-32D2300754AD}");
        assert_eq!(id, EntraId::parse("25cc773c-7f05-40fc-a104-32d2300754ad"));
        assert_eq!(id.map(|i| i.to_string()).as_deref(), Some("25cc773c-7f05-40fc-a104-32d2300754ad"));
        for not_an_id in ["REDACTED-CLIENT_ID", "0XXXXXXXX6", "5d3f", "<object-id>", ""] {
            assert_eq!(EntraId::parse(not_an_id), None, "{not_an_id}");
        }
        assert_eq!(PrincipalType::from_idtyp("app"), PrincipalType::ServicePrincipal);
        assert_eq!(PrincipalType::from_idtyp("user"), PrincipalType::User);
        assert_eq!(PrincipalType::parse("serviceprincipal"), PrincipalType::ServicePrincipal);
    }

    #[test]
    fn actions_are_typed_by_area_and_verb() {
        let get = RbacAction::parse("Microsoft.KeyVault/vaults/secrets/getSecret/action", ActionPlane::Data);
        assert_eq!((get.area, get.writes), (ActionArea::Secrets, false));
        let set = RbacAction::parse("Microsoft.KeyVault/vaults/secrets/setSecret/action", ActionPlane::Data);
        assert_eq!((set.area, set.writes), (ActionArea::Secrets, true));
        let decrypt = RbacAction::parse("Microsoft.KeyVault/vaults/keys/decrypt/action", ActionPlane::Data);
        assert_eq!((decrypt.area, decrypt.writes), (ActionArea::Keys, false));
        let read = RbacAction::parse("Microsoft.KeyVault/vaults/read", ActionPlane::Management);
        assert!(read.reads_only && !read.writes && read.area == ActionArea::Other);
        let assign = RbacAction::parse("microsoft.authorization/roleAssignments/write", ActionPlane::Management);
        assert_eq!((assign.area, assign.writes), (ActionArea::Authorization, true));
        assert_eq!(assign.to_string(), "microsoft.authorization/roleAssignments/write");
    }

    #[test]
    fn role_scopes_are_typed_and_cover_what_lies_below_them() {
        let vault = "/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/rg-sec/providers/Microsoft.KeyVault/vaults/fabrikam";
        let sub = RoleScope::parse("/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2");
        assert_eq!((sub.level, sub.covers(vault)), (ScopeLevel::Subscription, Some(true)));
        let group = RoleScope::parse("/subscriptions/A925F2F7-5C63-4B7B-8799-25A5F97BC3B2/resourcegroups/RG-SEC");
        assert_eq!((group.level, group.covers(vault)), (ScopeLevel::ResourceGroup, Some(true)));
        assert_eq!(group.words(), "the resource group RG-SEC");
        let other = RoleScope::parse("/subscriptions/a925f2f7-5c63-4b7b-8799-25a5f97bc3b2/resourceGroups/rg-sec2");
        assert_eq!(other.covers(vault), Some(false));
        let mg = RoleScope::parse("/providers/Microsoft.Management/managementGroups/marketing-group");
        assert_eq!(
            (mg.level, mg.covers(vault), mg.name.as_str()),
            (ScopeLevel::ManagementGroup, None, "marketing-group")
        );
        let itself = RoleScope::parse(vault);
        assert_eq!((itself.level, itself.covers(vault)), (ScopeLevel::Resource, Some(true)));
        assert_eq!(itself.words(), "the vault fabrikam");
        assert_eq!(RoleScope::parse(&format!("{vault}-old")).covers(vault), Some(false));
        assert_eq!(RoleScope::parse("/").covers(vault), Some(true));
    }
}
