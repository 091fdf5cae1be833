//! What each removal is called in the removal list. Every rule names its removals with one of
//! these, so the list a user sees, `ALL` and docs/secret-removal.md (checked by a test) say
//! the same.

pub const PASSWORD: &str = "a password";
pub const CONNECTION_PASSWORD: &str = "a connection string's password";
pub const CLIENT_SECRET: &str = "a client secret";
pub const SECRET: &str = "a secret";
pub const STORAGE_KEY: &str = "a storage account key";
pub const SHARED_ACCESS_KEY: &str = "a shared access key";
pub const SHARED_KEY: &str = "a shared key";
pub const ACCESS_KEY: &str = "an access key";
pub const CONNECTION_STRING: &str = "a connection string";
pub const FUNCTION_KEY: &str = "a function key";
pub const SUBSCRIPTION_KEY: &str = "a subscription key";
pub const API_KEY: &str = "an API key";
pub const KEY: &str = "a key";
pub const TOKEN: &str = "a token";
pub const SAS_SIGNATURE: &str = "a SAS signature";
pub const SIGNATURE: &str = "a signature";
pub const CREDENTIAL: &str = "a credential";
pub const AUTHORIZATION: &str = "an Authorization header";
pub const COOKIE: &str = "a cookie";
pub const SECRET_VALUE: &str = "a secret value";
pub const ENVIRONMENT: &str = "a secret (environment variable)";
pub const AWS_KEY_ID: &str = "an AWS access key id";
pub const TERRAFORM: &str = "a sensitive value (Terraform state)";
pub const SECRET_OUTPUT: &str = "a secret value (az keyvault secret show)";
pub const BEARER: &str = "a bearer token";
pub const JWT: &str = "a token (JWT)";
pub const URL_CREDENTIALS: &str = "credentials in a URL";
pub const WEBHOOK: &str = "a webhook URL's secret part";
pub const GITHUB: &str = "a GitHub token";
pub const GITLAB: &str = "a GitLab token";
pub const DATABRICKS: &str = "a Databricks token";
pub const NPM: &str = "an npm token";
pub const PYPI: &str = "a PyPI token";
pub const SLACK: &str = "a Slack token";
pub const PEM: &str = "a private key (PEM)";
pub const PGP: &str = "a private key (PGP)";
pub const PUTTY: &str = "a private key (PuTTY)";
pub const PFX: &str = "a certificate with its private key (PFX)";
pub const KUBERNETES: &str = "a Kubernetes Secret value";
pub const RANDOM: &str = "a long random-looking value";

/// Every name above: docs/secret-removal.md lists each (a test checks), and every removal a
/// rule reports is one of them (another test).
pub const ALL: &[&str] = &[
    PASSWORD,
    CONNECTION_PASSWORD,
    CLIENT_SECRET,
    SECRET,
    STORAGE_KEY,
    SHARED_ACCESS_KEY,
    SHARED_KEY,
    ACCESS_KEY,
    CONNECTION_STRING,
    FUNCTION_KEY,
    SUBSCRIPTION_KEY,
    API_KEY,
    KEY,
    TOKEN,
    SAS_SIGNATURE,
    SIGNATURE,
    CREDENTIAL,
    AUTHORIZATION,
    COOKIE,
    SECRET_VALUE,
    ENVIRONMENT,
    AWS_KEY_ID,
    TERRAFORM,
    SECRET_OUTPUT,
    BEARER,
    JWT,
    URL_CREDENTIALS,
    WEBHOOK,
    GITHUB,
    GITLAB,
    DATABRICKS,
    NPM,
    PYPI,
    SLACK,
    PEM,
    PGP,
    PUTTY,
    PFX,
    KUBERNETES,
    RANDOM,
];
