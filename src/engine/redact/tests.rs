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
