//! `kvdoctor collect --shell bash|powershell [--vault NAME]`: prints the collector script, to
//! read before running it: generic (the vault as its argument, the file the page serves), or
//! defaulting to the vault given, typed as every vault name is.

use std::ffi::OsString;

use crate::engine::collector::{self, Shell, Target};

const USAGE: &str = "\
Usage: kvdoctor collect --shell bash|powershell [--vault NAME]

Prints a read-only script that runs every check kvdoctor asks for (name lookups through
several resolvers, the hosts file, proxy settings, TCP 443, the TLS certificate, the vault's
health endpoint, the managed identity endpoint's status, and with a signed-in az the vault's
network settings, private endpoint connections, DNS zone and role assignments) and prints one
bundle: paste it into kvdoctor. It changes nothing and never prints a token.

Without --vault it prints the generic script the page serves (static/collect.sh and
static/collect.ps1), which takes the vault as its argument; --vault makes it the default.

  bash:       kvdoctor collect --shell bash --vault contoso > collect.sh; bash collect.sh
  PowerShell: kvdoctor collect --shell powershell --vault contoso > collect.ps1; ./collect.ps1
  generic:    kvdoctor collect --shell bash > collect.sh; bash collect.sh contoso
";

/// Runs the subcommand (its arguments after `collect`); the exit status.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    match parse(args) {
        Ok(Some((shell, target))) => super::out(&collector::script(shell, target.as_ref())).unwrap_or(0),
        Ok(None) => super::out(USAGE).unwrap_or(0),
        Err(message) => {
            super::warn(&format!("{message}\n\n{USAGE}"));
            2
        }
    }
}

fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Option<(Shell, Option<Target>)>, String> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_args(args);
    let (mut shell, mut vault) = (None, None);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Long("shell") => {
                let value = parser.value().map_err(|e| e.to_string())?;
                let value = value.to_string_lossy();
                shell =
                    Some(Shell::parse(&value).ok_or_else(|| format!("--shell: {value:?} is not bash or powershell"))?);
            }
            Long("vault") => {
                let value = parser.value().map_err(|e| e.to_string())?.to_string_lossy().into_owned();
                vault = Some(super::vault_arg(&value)?);
            }
            Short('h') | Long("help") => return Ok(None),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let shell = shell.ok_or("collect needs --shell bash or --shell powershell")?;
    let target = match vault {
        Some(vault) => Some(Target::new(&vault).map_err(|e| format!("--vault: {e}"))?),
        None => None,
    };
    Ok(Some((shell, target)))
}
