use super::*;

fn one(text: &str) -> (String, Vec<&'static str>) {
    let (out, removed) = redact(&[text.to_string()]);
    (out.into_iter().next().unwrap(), removed.into_iter().map(|r| borrowed(r.what)).collect())
}

/// The redactor names what it removed with its own static texts: never an owned one.
fn borrowed(what: Cow<'static, str>) -> &'static str {
    match what {
        Cow::Borrowed(what) => what,
        Cow::Owned(what) => panic!("the redactor built its own text: {what}"),
    }
}

const JWT: &str =
    "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0LmF6dXJlLm5ldCJ9.c2lnbmF0dXJlLXZhbHVlLWhlcmU";

#[test]
fn headers_tokens_and_keys() {
    let (out, what) = one(&format!("> Authorization: Bearer {JWT}"));
    assert_eq!(out, "> Authorization: [removed]");
    assert_eq!(what, ["an Authorization header"]);
    let (out, _) = one(&format!("curl -H \"Authorization: Bearer {JWT}\" https://kv1.vault.azure.net/secrets/a"));
    assert_eq!(out, "curl -H \"Authorization: [removed]\" https://kv1.vault.azure.net/secrets/a");
    let (out, what) = one(&format!("token was {JWT} ok"));
    assert_eq!((out.as_str(), what), ("token was [removed] ok", vec!["a token (JWT)"]));
    let (out, _) = one("https://st.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sig=AbC%2Fdef123%3D&se=2026");
    assert_eq!(out, "https://st.blob.core.windows.net/c/b?sv=2022-11-02&sr=b&sig=[removed]&se=2026");
    let (out, _) = one(
        "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=aGVsbG8gd29ybGQ=;EndpointSuffix=core.windows.net",
    );
    assert!(out.contains("AccountKey=[removed];") && !out.contains("aGVsbG8"), "{out}");
    let (out, _) = one(r#"{"clientId": "1", "clientSecret": "s3cr3t~value", "tenantId": "t"}"#);
    assert_eq!(out, r#"{"clientId": "1", "clientSecret": "[removed]", "tenantId": "t"}"#);
    let (out, _) = one("export AZURE_CLIENT_SECRET=abc.def~ghi");
    assert_eq!(out, "export AZURE_CLIENT_SECRET=[removed]");
    let (out, _) = one("Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=q1w2e3r4=");
    assert!(out.ends_with("SharedAccessKey=[removed]"), "{out}");
}

/// Each shape of the issue's table, with the secret text that must not survive.
#[test]
fn every_shape_of_the_issue() {
    let cases: &[(&str, &str)] = &[
        (r#"  "value": "MyS3cretValue!""#, "MyS3cretValue"),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END RSA PRIVATE KEY-----",
            "MIIEpAIB",
        ),
        (r#""key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhki\n-----END PRIVATE KEY-----\n""#, "MIIEvQ"),
        ("Cookie: fpc=AkLx9; x-ms-gateway-slice=estsfd; stsservicecookie=estsfd", "fpc=AkLx9"),
        ("< Set-Cookie: ESTSAUTH=0.AVAA5xyz; path=/; secure; HttpOnly", "ESTSAUTH=0.AVAA"),
        ("curl -b 'session=abc123def' https://x.example", "abc123def"),
        ("$env:AZURE_CLIENT_SECRET = \"Xy8Q~abcdefg\"", "Xy8Q~"),
        ("  AZURE_CLIENT_SECRET: Xy8Q~abcdefg", "Xy8Q~"),
        ("- name: AZURE_CLIENT_SECRET\n  value: Xy8Q~abcdefg", "Xy8Q~"),
        (r#"{"name": "AZURE_CLIENT_SECRET", "value": "Xy8Q~abcdefg"}"#, "Xy8Q~"),
        ("az login --service-principal -u 1 -p Xy8Q~abcdefg --tenant t", "Xy8Q~"),
        ("az login --service-principal -u 1 --password=Xy8Q~abcdefg", "Xy8Q~"),
        ("$pw = ConvertTo-SecureString 'Pl@inText1' -AsPlainText -Force", "Pl@inText1"),
        (
            "New-Object PSCredential('u', (ConvertTo-SecureString -String \"Pl@inText1\" -AsPlainText -Force))",
            "Pl@inText1",
        ),
        (r#"  "Password" : "hunter2","#, "hunter2"),
        (r#"{\"password\": \"hunter2\"}"#, "hunter2"),
        (r#"    "value": "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==""#, "Zm9vYmFy"),
        (r#"  "primaryKey": "q1w2e3r4t5y6u7i8o9p0AbCdEf=","#, "q1w2e3r4"),
        (r#"  "secondaryKey": "z1x2c3v4b5n6m7AbCdEf=","#, "z1x2c3v4"),
        ("x-functions-key: aBcD1234eFgH5678==", "aBcD1234"),
        (r#"{"sharedKey": "abcdEFGH1234=="}"#, "abcdEFGH"),
        ("git clone https://ghp_abcdefghijklmnop1234@github.com/o/r.git", "ghp_abcdefghijklmnop1234"),
        ("git clone https://user:s3cr3tpass@github.com/o/r.git", "s3cr3tpass"),
        (&format!(r#"{{"access_token":"{JWT}","expires_in":3599}}"#), "eyJ0eXAi"),
        (&format!("https://app.example/#access_token={JWT}&state=1"), "eyJ0eXAi"),
        (&format!("grant_type=x&assertion={JWT}"), "eyJ0eXAi"),
        (
            "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1\nNiJ9.eyJhdWQiOiJodHRwczovL3ZhdWx0Ln\nF6dXJlLm5ldCJ9.c2lnbmF0dXJl",
            "ZhdWx0Ln",
        ),
        (r#"{"refresh_token": "0.AVAAbcdefgh1234"}"#, "0.AVAAbcdefgh1234"),
        ("refresh_token=0.AVAAbcdefgh1234&x=1", "0.AVAAbcdefgh1234"),
        (r#"Invoke-RestMethod -Headers @{Authorization="Bearer abcdefgh12345678"} -Uri $u"#, "abcdefgh12345678"),
        (r#"  "Authorization": "Bearer abcdefgh12345678","#, "abcdefgh12345678"),
        ("> GET /c/b?sv=2022&sig=AbC%2Fdef123%3D HTTP/1.1 Authorization: Bearer abcdefgh12345678", "AbC%2Fdef123"),
        ("note: key Q2xpZW50U2VjcmV0VmFsdWU5OTk4ODg3NzY2 was rotated", "Q2xpZW50U2VjcmV0"),
    ];
    for (text, secret) in cases {
        let (out, what) = one(text);
        assert!(!out.contains(secret), "{secret} survived in {out}");
        assert!(!what.is_empty(), "nothing listed for {text}");
    }
}

#[test]
fn diagnostics_are_left_alone() {
    let text = "Caller: appid=1;oid=2;iss=https://sts.windows.net/t/\nWWW-Authenticate: Bearer authorization=\"https://login.microsoftonline.com/t\", resource=\"https://vault.azure.net\"\n\
        x-ms-request-id: 4a1b2c3d-0000-4000-8000-000000000001\n\
        Client address: 20.61.11.4\n\
        \"id\": \"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-Prod01/providers/Microsoft.KeyVault/vaults/kv-prod-westeurope-01\"\n\
        Thumbprint: 3D4F9A7C2B1E0F5A6D8C9B7E1F2A3C4D5E6F7A8B\n\
        Name: kv-prod-01.privatelink.vaultcore.azure.net\n\
        \"ipRules\": [{\"value\": \"20.61.11.4/32\"}]\n\
        \"code\": \"ForbiddenByConnection\", WindowsServer2019Datacenter";
    let (out, what) = one(text);
    assert_eq!(out, text);
    assert!(what.is_empty(), "{what:?}");
}

/// Issue 15: a `Password=`-like key before accented text used to slice inside a character.
#[test]
fn accented_text_after_an_empty_password_does_not_panic() {
    let (out, _) = one("Server=tcp:s.database.windows.net;User ID=zoe;Password=;Name=Zoë");
    assert!(out.ends_with("Name=Zoë"), "{out}");
    for text in
        ["Password=é", "password:\"ü", "Bearer ééééééééé", "sig=Zoë&", "-----BEGIN PRIVATE KEY-----ë", "x\u{301}=é"]
    {
        let _ = one(text);
    }
}

#[test]
fn a_random_label_does_not_pass_as_a_host_name() {
    let (out, _) = one("Q7kZp2XrT9mLw4Nc8VbY3s.com and kv-prod.vault.azure.net");
    assert_eq!(out, "[removed] and kv-prod.vault.azure.net");
}

/// Connection strings are read as ADO.NET and ODBC read them: to the next `;`, inside quotes
/// (a doubled quote is a quote), inside braces (`}}` is a brace).
#[test]
fn connection_strings_to_their_real_delimiter() {
    let cases = [
        (
            "Server=tcp:s,1433;User ID=u;Password=Pine Cone&2024,x);Encrypt=True;",
            "Server=tcp:s,1433;User ID=u;Password=[removed];Encrypt=True;",
        ),
        ("Data Source=s;Password=\"a;b\"\"c\";Encrypt=True", "Data Source=s;Password=\"[removed]\";Encrypt=True"),
        ("Data Source=s;Password='a; b''c';Initial Catalog=x", "Data Source=s;Password='[removed]';Initial Catalog=x"),
        (
            "Driver={ODBC Driver 18};Uid=u;Pwd={a;b}}c};Encrypt=yes;",
            "Driver={ODBC Driver 18};Uid=u;Pwd=[removed];Encrypt=yes;",
        ),
        (
            r#""Db": "Server=s;Password=\"a;b\";Encrypt=True""#,
            r#""Db": "Server=s;Password=\"[removed]\";Encrypt=True""#,
        ),
        (r#""Db": "Server=s;Password=correct horse staple;""#, r#""Db": "Server=s;Password=[removed];""#),
    ];
    for (text, want) in cases {
        let (out, what) = one(text);
        assert_eq!(out, want);
        assert_eq!(what, [what::CONNECTION_PASSWORD], "{text}");
    }
}

/// An option takes a secret when its last word says so, or when the tool reads it so; the
/// same letters of other tools (a port) stay.
#[test]
fn options_of_common_tools() {
    let cases = [
        ("sqlcmd -S s -U sa -P Summer2024!x -Q \"SELECT 1\"", "sqlcmd -S s -U sa -P [removed] -Q \"SELECT 1\""),
        ("bcp t out f -S s -U sa -PSummer2024!x -c", "bcp t out f -S s -U sa -P[removed] -c"),
        ("mysql -u app -pHarbor2024!x appdb", "mysql -u app -p[removed] appdb"),
        ("sshpass -p 'Copper#2024x' ssh u@h", "sshpass -p '[removed]' ssh u@h"),
        (
            "curl -u deploy:Falcon2024!x https://kv.vault.azure.net/",
            "curl -u deploy:[removed] https://kv.vault.azure.net/",
        ),
        ("wget --proxy-password=Birch2024!x https://x", "wget --proxy-password=[removed] https://x"),
        ("Invoke-Sqlcmd -Password 'Hazel2024!x' -Query q", "Invoke-Sqlcmd -Password '[removed]' -Query q"),
        ("New-AzThing -Password:Heron2024!x -Force", "New-AzThing -Password:[removed] -Force"),
        ("redis-cli -h r -p 6380 -a Yarrow2024!x PING", "redis-cli -h r -p 6380 -a [removed] PING"),
        ("plink u@h -pw Zinnia2024!x", "plink u@h -pw [removed]"),
        ("openssl pkcs12 -in c.pfx -passin pass:Acacia2024!x", "openssl pkcs12 -in c.pfx -passin [removed]"),
        (
            "az keyvault secret set --vault-name kv -n db --value 'Bramble 2024'",
            "az keyvault secret set --vault-name kv -n db --value '[removed]'",
        ),
    ];
    for (text, want) in cases {
        let (out, what) = one(text);
        assert_eq!(out, want);
        assert!(!what.is_empty(), "{text}");
    }
    for kept in [
        "psql -h pg.postgres.database.azure.com -p 5432 -U app",
        "ssh -p 22 azureuser@10.1.2.10",
        "mysql -h h -P 3306 -u app -p",
        "docker login acr.azurecr.io -u app --password-stdin",
        "mysqlsh --no-password root@localhost",
        "az keyvault set-policy --name kv --object-id 1 --secret-permissions get list --key-permissions get",
        "az storage blob list --account-name st --auth-mode login",
    ] {
        assert_eq!(one(kept), (kept.to_string(), vec![]));
    }
}

/// Keys are secret by their last part in any tool's vocabulary; names, ids, switches and
/// structures stay.
#[test]
fn keys_by_their_last_part() {
    for (text, want) in [
        ("ARM_CLIENT_SECRET=Kiwi2024!xx", "ARM_CLIENT_SECRET=[removed]"),
        ("x-api-key: 3f9a1c7e5b2d4f6a8c0e1b3d5f7a9c2e", "x-api-key: [removed]"),
        ("//registry.npmjs.org/:_authToken=npm_abc", "//registry.npmjs.org/:_authToken=[removed]"),
        ("aws_secret_access_key = madeUp/Key", "aws_secret_access_key = [removed]"),
        ("PGPASSWORD=Summer2024x", "PGPASSWORD=[removed]"),
        ("SECRET_KEY_BASE=walnut-orchid", "SECRET_KEY_BASE=[removed]"),
        (r#"  "value": "6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f""#, r#"  "value": "[removed]""#),
        (r#"  "value": "orchid.lantern.quartz""#, r#"  "value": "[removed]""#),
        ("aeg-sas-token: r=a%2f&e=1&s=sig%3D", "aeg-sas-token: [removed]"),
        ("> Proxy-Authorization: Basic ZGVwbG95Om1hZGVVcA==", "> Proxy-Authorization: [removed]"),
    ] {
        assert_eq!(one(text).0, want);
    }
    for kept in [
        "KEY_VAULT_NAME=kv-prod",
        r#"  "enableRbacAuthorization": true,"#,
        r#"  "disableLocalAuth": false,"#,
        r#"{"keyName": "key1", "permissions": "Full"}"#,
        r#"  "value": "20.61.11.4/32""#,
        r#"  "passwordCredentials": [],"#,
        "  contoso-prod-auth-secret:   READ ERROR (same)",
        "Error: checking for presence of existing Secret \"db-password\" (Key Vault \"https://kv.vault.azure.net/\")",
        "always-auth=true",
        "\tEnvironmentCredential: EnvironmentCredential authentication unavailable. Environment variables are not fully configured.",
        "\tAzureCliCredential: Please run 'az login' to set up an account",
    ] {
        assert_eq!(one(kept), (kept.to_string(), vec![]));
    }
}

/// Blocks over several lines, with what the lines above said.
#[test]
fn blocks_over_several_lines() {
    let secret_yaml = "apiVersion: v1\ndata:\n  password: SGFy\n  username: ZGIt\nkind: Secret\nmetadata:\n  name: db";
    let (out, what) = one(secret_yaml);
    assert_eq!(
        out,
        "apiVersion: v1\ndata:\n  password: [removed]\n  username: [removed]\nkind: Secret\nmetadata:\n  name: db"
    );
    assert!(what.contains(&what::KUBERNETES));
    let string_data = "kind: Secret\nstringData:\n  config.yaml: |\n    motto: Tundra Glacier\ntype: Opaque";
    assert_eq!(one(string_data).0, "kind: Secret\nstringData:\n  config.yaml: |\n    [removed]\ntype: Opaque");
    let config_map = "kind: ConfigMap\ndata:\n  Corefile: |\n    forward . 168.63.129.16";
    assert_eq!(one(config_map).0, config_map);
    let putty = "PuTTY-User-Key-File-3: ssh-ed25519\nPublic-Lines: 1\nAAAApublic\nPrivate-Lines: 1\nAAAAprivate\nPrivate-MAC: 5f6c1a";
    let (out, what) = one(putty);
    assert!(out.ends_with("Public-Lines: 1\nAAAApublic\nPrivate-Lines: 1\n[removed]\nPrivate-MAC: [removed]"), "{out}");
    assert!(what.contains(&what::PUTTY));
    let pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\nComment: x\n\nlQOYBGmadeup\n=Mu9q\n-----END PGP PRIVATE KEY BLOCK-----\nafter";
    let (out, what) = one(pgp);
    assert!(!out.contains("lQOYBG") && !out.contains("Mu9q") && out.ends_with("\nafter"), "{out}");
    assert!(what.contains(&what::PGP));
    let pfx = "-----BEGIN CERTIFICATE-----\nMIIKEAIBAzCCCcYGCSqGSIb3\nAgEAAgEAAgEA\n-----END CERTIFICATE-----";
    assert_eq!(one(pfx).0, "-----BEGIN CERTIFICATE-----\n[removed]\n[removed]\n-----END CERTIFICATE-----");
    let cert = "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkq\n-----END CERTIFICATE-----";
    assert_eq!(one(cert).0, cert, "a certificate alone is public");
    let tsv = "$ az keyvault secret show --vault-name kv -n db --query value -o tsv\nWillow.Harbor.2024";
    assert!(one(tsv).0.ends_with("\n[removed]"));
    let failed = "$ az keyvault secret show --vault-name kv -n db --query value -o tsv\nERROR: (Forbidden) Caller is not authorized";
    assert_eq!(one(failed).0, failed, "the error printed instead is evidence");
    let state = "{\n  \"terraform_version\": \"1.9.5\",\n  \"result\": \"Willow2024!x\",\n  \"length\": 20";
    assert!(!one(state).0.contains("Willow"));
    assert_eq!(one("\"result\": \"Succeeded\"").0, "\"result\": \"Succeeded\"", "outside a state, result is a word");
}

/// Credentials and tokens without a key: `user:password@host`, webhooks, published prefixes.
#[test]
fn tokens_without_a_key() {
    for (text, want) in [
        ("proxy=svc:Kestrel2024!x@proxy.contoso.example:3128", "proxy=svc:[removed]@proxy.contoso.example:3128"),
        (
            "https://hooks.slack.com/services/T0/B0/madeup and more",
            "https://hooks.slack.com/services/[removed] and more",
        ),
        ("the token dapi5f2e9c1b7a3d4e6f8091a2b3c4d5e6f7 works", "the token [removed] works"),
    ] {
        assert_eq!(one(text).0, want);
    }
    for kept in
        ["mailto:ops@contoso.com", "git@github.com:contoso/infra.git", "rapidapi0123456789abcdef0123456789abcdef"]
    {
        assert_eq!(one(kept).0, kept);
    }
}

/// Every removal is named by one of `what::ALL`, which docs/secret-removal.md lists.
#[test]
fn every_removal_is_named_from_the_list() {
    let corpus = include_str!("../../../tests/fixtures/secrets/corpus.txt");
    let (_, found) = lines::clean(corpus);
    assert!(found.len() > 50, "{}", found.len());
    for (what, line) in found {
        assert!(what::ALL.contains(&what), "line {line}: {what}");
    }
}
