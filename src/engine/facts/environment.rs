//! The environment the code runs in, as a pod's `kubectl describe pod` or an `env` /
//! `printenv` listing shows it: which of the variables the Azure identity libraries and the
//! platforms set are present. A secret's value (`AZURE_CLIENT_SECRET`, `IDENTITY_HEADER`) is
//! never kept: only that it is set.

use super::values::EntraId;
use super::{Evidence, Located};

/// The variables kvdoctor knows, each typed where it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EnvVariable {
    AzureClientId,
    AzureTenantId,
    AzureFederatedTokenFile,
    AzureAuthorityHost,
    AzureClientSecret,
    AzureClientCertificatePath,
    AzureClientCertificatePassword,
    AzureUsername,
    AzurePassword,
    IdentityEndpoint,
    IdentityHeader,
    MsiEndpoint,
    MsiSecret,
    KubernetesServiceHost,
    WebsiteSiteName,
    WebsiteResourceGroup,
    ContainerAppName,
    AccCloud,
    AzurepsHostEnvironment,
    PowershellDistributionChannel,
    AzureHttpUserAgent,
}

impl EnvVariable {
    /// Every known variable with its name.
    const NAMES: [(EnvVariable, &'static str); 21] = [
        (EnvVariable::AzureClientId, "AZURE_CLIENT_ID"),
        (EnvVariable::AzureTenantId, "AZURE_TENANT_ID"),
        (EnvVariable::AzureFederatedTokenFile, "AZURE_FEDERATED_TOKEN_FILE"),
        (EnvVariable::AzureAuthorityHost, "AZURE_AUTHORITY_HOST"),
        (EnvVariable::AzureClientSecret, "AZURE_CLIENT_SECRET"),
        (EnvVariable::AzureClientCertificatePath, "AZURE_CLIENT_CERTIFICATE_PATH"),
        (EnvVariable::AzureClientCertificatePassword, "AZURE_CLIENT_CERTIFICATE_PASSWORD"),
        (EnvVariable::AzureUsername, "AZURE_USERNAME"),
        (EnvVariable::AzurePassword, "AZURE_PASSWORD"),
        (EnvVariable::IdentityEndpoint, "IDENTITY_ENDPOINT"),
        (EnvVariable::IdentityHeader, "IDENTITY_HEADER"),
        (EnvVariable::MsiEndpoint, "MSI_ENDPOINT"),
        (EnvVariable::MsiSecret, "MSI_SECRET"),
        (EnvVariable::KubernetesServiceHost, "KUBERNETES_SERVICE_HOST"),
        (EnvVariable::WebsiteSiteName, "WEBSITE_SITE_NAME"),
        (EnvVariable::WebsiteResourceGroup, "WEBSITE_RESOURCE_GROUP"),
        (EnvVariable::ContainerAppName, "CONTAINER_APP_NAME"),
        (EnvVariable::AccCloud, "ACC_CLOUD"),
        (EnvVariable::AzurepsHostEnvironment, "AZUREPS_HOST_ENVIRONMENT"),
        (EnvVariable::PowershellDistributionChannel, "POWERSHELL_DISTRIBUTION_CHANNEL"),
        (EnvVariable::AzureHttpUserAgent, "AZURE_HTTP_USER_AGENT"),
    ];

    /// The variable a name is (exactly, as environments are case-sensitive on Linux).
    pub fn from_name(name: &str) -> Option<EnvVariable> {
        EnvVariable::NAMES.iter().find(|(_, n)| *n == name).map(|(v, _)| *v)
    }

    pub fn name(self) -> &'static str {
        EnvVariable::NAMES.iter().find(|(v, _)| *v == self).map_or("", |(_, n)| n)
    }

    /// A secret: its value is never kept, quoted or shared, only that it is set.
    pub fn is_secret(self) -> bool {
        matches!(
            self,
            EnvVariable::AzureClientSecret
                | EnvVariable::AzureClientCertificatePassword
                | EnvVariable::AzurePassword
                | EnvVariable::IdentityHeader
                | EnvVariable::MsiSecret
        )
    }
}

/// Which listing showed the environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnvironmentSource {
    /// `kubectl describe pod`: the containers' `Environment:`, `Mounts:`, the pod's labels.
    DescribePod,
    /// `env`, `printenv` (or `env | grep AZURE`) run where the code runs.
    Listing,
}

/// One pasted environment: the known variables present and what they tell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    pub source: EnvironmentSource,
    /// The known variables present, each where it was read (a secret's evidence quotes its
    /// name only).
    pub present: Vec<Located<EnvVariable>>,
    /// `AZURE_CLIENT_ID` and `AZURE_TENANT_ID`, typed when they are ids.
    pub client_id: Option<Located<EntraId>>,
    pub tenant_id: Option<Located<EntraId>>,
    /// `(Injected by the webhook)` beside a variable: the workload identity webhook mutated
    /// the pod.
    pub webhook: Option<Evidence>,
    /// The projected service account token's mount (`/var/run/secrets/azure/tokens`).
    pub token_mount: Option<Evidence>,
    /// The pod's `azure.workload.identity/use` label, when shown.
    pub use_label: Option<Located<bool>>,
    /// The pod's service account (`Service Account:`).
    pub service_account: Option<Located<String>>,
    /// Where the listing was shown (its first line read).
    pub at: Evidence,
}

impl Environment {
    pub fn variable(&self, variable: EnvVariable) -> Option<&Located<EnvVariable>> {
        self.present.iter().find(|v| v.value == variable)
    }

    /// The evidence that workload identity was injected: the federated token file's variable,
    /// the webhook's mark or the token's mount.
    pub fn workload_identity(&self) -> Option<&Evidence> {
        self.variable(EnvVariable::AzureFederatedTokenFile)
            .map(|v| &v.at)
            .or(self.webhook.as_ref())
            .or(self.token_mount.as_ref())
    }

    pub fn count(&self) -> usize {
        self.present.len() + usize::from(self.use_label.is_some()) + usize::from(self.service_account.is_some())
    }
}
