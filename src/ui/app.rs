use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::asking;
use super::browser::{self, EarlyInput};
use super::copy_button::Made;
use super::crash;
use super::engine::{self, Failure};
use super::examples_menu::ExamplesMenu;
use super::notice_bar::NoticeBar;
use super::paste_box::PasteBox;
use super::public_dns::PublicDns;
use super::report_view::ReportView;
use super::run_commands::RunCommands;
use super::state::{Action, Address, Notice, ShownDiagnosis, State};
use super::host_picker::HostPicker;
use super::vault_field::VaultField;
use super::whole_preview::PreviewMade;
use crate::engine::protocol::Kind;
use crate::engine::protocol::page_text::{PRIVACY, PROMISE, START_HINT};
use crate::engine::protocol::{Format, LinkOpened};
use crate::engine::protocol::SharedCase;
use crate::engine::protocol::{Paste, VERSION};

/// Opens the case a link's fragment holds (the engine decodes it, which may first mean loading
/// it). `first`: the page's first opening, which keeps what the user typed meanwhile as the last
/// paste(s); a later `hashchange` replaces the case. While it runs the address bar is left alone
/// (`opening`), so a reload meanwhile still holds the link.
fn open_fragment(dispatch: UseReducerDispatcher<State>, opening: Rc<Cell<bool>>, reveal: Rc<Cell<bool>>, first: bool) {
    let fragment = browser::fragment();
    if fragment.is_empty() {
        return;
    }
    opening.set(true);
    dispatch.dispatch(Action::Notify(Some(Notice::Progress("Opening the shared case in the link…".into()))));
    spawn_local(async move {
        let opened = engine::open(&fragment).await;
        opening.set(false);
        match opened {
            Ok(LinkOpened::Case { case, note }) => {
                reveal.set(true);
                dispatch.dispatch(Action::Load { case, note, keep_typed: first })
            }
            Ok(LinkOpened::NoLink) => dispatch.dispatch(Action::Notify(None)),
            Ok(LinkOpened::Broken(e)) | Err(Failure::Other(e)) => {
                browser::replace_fragment(None);
                dispatch.dispatch(Action::Notify(Some(Notice::Error(format!("That link could not be opened: {e}")))));
            }
            // Nothing wrong with the link: keep it, so a reload can try again.
            Err(Failure::Unavailable(e) | Failure::Stalled(e)) => dispatch.dispatch(Action::Notify(Some(
                Notice::Error(format!("That link could not be opened yet: {e}. Reload the page to try again.")),
            ))),
            Err(Failure::Crashed(bug)) => crash::report(&bug),
        }
    });
}

/// The App's start: what the static first screen held when it was replaced.
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub early: Rc<EarlyInput>,
}

/// The case typed into the static first screen.
fn early_case(early: &EarlyInput) -> SharedCase {
    SharedCase {
        pastes: Some(&early.paste).filter(|p| !p.is_empty()).map(Paste::new).into_iter().collect(),
        vault: Some(early.vault.trim().to_string()).filter(|v| !v.is_empty()),
        host: None,
    }
}

/// The copy buttons' text: the report of the case as it is when one is pressed, asked of the
/// engine then (never made with every answer). One callback for the page's lifetime, reading
/// the newest state, so the report view is not rebuilt for a new callback.
fn renderer(current: Rc<RefCell<Option<UseReducerHandle<State>>>>) -> Callback<Format, Made> {
    Callback::from(move |format: Format| {
        let case = current.borrow().as_ref().map(|state| {
            let slots = state.pastes.iter().map(|p| p.id).collect();
            let kinds = state.pastes.iter().map(|p| p.kind).collect();
            let texts = state.pastes.iter().map(|p| p.text.as_str().to_string()).collect();
            (slots, kinds, texts, (state.vault.clone(), state.host.clone()))
        });
        Box::pin(async move {
            let (slots, kinds, texts, named) = case?;
            match engine::render(format, slots, kinds, texts, named).await {
                Ok(text) => Some(text),
                Err(Failure::Crashed(bug)) => {
                    crash::report(&bug);
                    None
                }
                Err(_) => None,
            }
        }) as Made
    })
}

/// What whole pastes would send for the case as it is when the share bar's box is ticked,
/// asked of the engine then (never made with every answer: up to 64 KB of text).
fn previewer(current: Rc<RefCell<Option<UseReducerHandle<State>>>>) -> Callback<(), PreviewMade> {
    Callback::from(move |()| {
        let case = current.borrow().as_ref().map(|state| {
            let kinds = state.pastes.iter().map(|p| p.kind).collect();
            let texts = state.pastes.iter().map(|p| p.text.as_str().to_string()).collect();
            (kinds, texts, state.vault.clone())
        });
        Box::pin(async move {
            let (kinds, texts, vault) = case.ok_or("there is no case")?;
            engine::whole_preview(kinds, texts, vault).await.map_err(|failure| {
                if let Failure::Crashed(bug) = &failure {
                    crash::report(bug);
                }
                failure.message().to_string()
            })
        }) as PreviewMade
    })
}

/// While typing (keys less than this apart), the report shown stays as it was until the keys
/// pause this long: the report column does not move under each key (issue 26). A paste, an
/// example or a link is shown at once.
const HOLD_MS: u32 = 700;

/// When the last two edits were typed, in milliseconds (`Date.now`); a paste clears them.
#[derive(Default)]
struct Keys {
    previous: f64,
    last: f64,
}

impl Keys {
    fn typed(&mut self) {
        (self.previous, self.last) = (self.last, js_sys::Date::now());
    }

    /// Keys came quickly one after another, and the last one a moment ago.
    fn typing(&self) -> bool {
        let hold = f64::from(HOLD_MS);
        self.last - self.previous < hold && js_sys::Date::now() - self.last < hold
    }
}

/// A callback that turns its input into an action for the reducer.
fn to<IN: 'static>(dispatch: &UseReducerDispatcher<State>, action: impl Fn(IN) -> Action + 'static) -> Callback<IN> {
    let dispatch = dispatch.clone();
    Callback::from(move |input| dispatch.dispatch(action(input)))
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let early = props.early.clone();
    let state = use_reducer(|| State::opened(early_case(&early)));
    let dispatch = state.dispatcher();
    let opening = use_mut_ref(|| Rc::new(Cell::new(false))).borrow().clone();
    // Answer first: after a paste or an opened link, the next answer's verdict is brought into
    // view (typing moves nothing).
    let reveal = use_mut_ref(|| Rc::new(Cell::new(false))).borrow().clone();
    let keys = use_mut_ref(|| Rc::new(RefCell::new(Keys::default()))).borrow().clone();
    {
        let (dispatch, opening, reveal, keys) = (dispatch.clone(), opening.clone(), reveal.clone(), keys.clone());
        use_effect_with((), move |_| {
            open_fragment(dispatch.clone(), opening.clone(), reveal.clone(), true);
            if let Some(id) = &early.focused {
                browser::focus_end(id);
            }
            let window = web_sys::window().expect("a window");
            let (pasted, keys) = (reveal.clone(), keys.clone());
            let on_paste = EventListener::new(&window, "paste", move |_| {
                pasted.set(true);
                *keys.borrow_mut() = Keys { previous: f64::NEG_INFINITY, last: f64::NEG_INFINITY };
            });
            let listener = EventListener::new(&window, "hashchange", move |_| {
                open_fragment(dispatch.clone(), opening.clone(), reveal.clone(), false)
            });
            move || drop((listener, on_paste))
        });
    }
    {
        let reveal = reveal.clone();
        let answered = state.answer.as_ref().map(|a| Rc::as_ptr(a) as usize);
        use_effect_with(answered, move |answered| {
            if answered.is_some() && reveal.replace(false) {
                browser::reveal(".verdict");
            }
        });
    }
    // The answer the report shows: held while keys come quickly (see `HOLD_MS`), the newest
    // shown once they pause. Decided while drawing, so an answer shown at once (a paste, whose
    // verdict is then brought into view) is in the page when the effects run.
    let displayed = use_mut_ref(|| None::<Rc<ShownDiagnosis>>);
    // Also the first answer: the report column then grows under its heading once, at the pause,
    // instead of a half-typed paste's report being pushed down by the whole paste's.
    let held = state.answer.is_some() && keys.borrow().typing();
    if !held {
        displayed.borrow_mut().clone_from(&state.answer);
    }
    let shown = displayed.borrow().clone();
    let pause = use_state(|| 0u32);
    {
        let (pause, keys) = (pause.clone(), keys.clone());
        let answered = state.answer.as_ref().map(|a| Rc::as_ptr(a) as usize);
        use_effect_with((answered, held), move |&(_, held)| {
            if held {
                spawn_local(async move {
                    while keys.borrow().typing() {
                        yew::platform::time::sleep(std::time::Duration::from_millis(u64::from(HOLD_MS / 4))).await;
                    }
                    // Drawn again: the keys have paused, the newest answer is shown.
                    pause.set(*pause + 1);
                });
            }
        });
    }
    // "Add another paste" gives the new box the focus.
    let focus_new = use_mut_ref(|| Rc::new(Cell::new(false))).borrow().clone();
    {
        let focus_new = focus_new.clone();
        use_effect_with(state.pastes.len(), move |_| {
            if focus_new.replace(false) {
                browser::focus_last_paste();
            }
        });
    }
    // Every change asks the engine (in its worker, so typing never waits); only the answer for
    // the newest revision lands. Asked before the link, so the worker answers it first.
    let queue = use_mut_ref(|| Rc::new(RefCell::new(asking::Queue::default()))).borrow().clone();
    {
        let (dispatch, state) = (dispatch.clone(), state.clone());
        use_effect_with(state.busy.clone(), move |busy| match busy {
            Some(busy) => asking::ask(&state, busy, queue, dispatch),
            None => asking::forget(&queue),
        });
    }

    // The address bar follows the case's link, which comes with each answer (no history entry
    // per keystroke); an emptied case leaves it. Left alone while a link is being opened, and
    // until the first answer about a case just loaded (a reload then still holds the link).
    let link = state.link();
    {
        let opening = opening.clone();
        use_effect_with(state.address(), move |address| {
            match (address, opening.get()) {
                (Address::Link(url), false) => browser::replace_fragment(Some(url)),
                (Address::Bare, false) => browser::replace_fragment(None),
                (Address::Keep, _) | (_, true) => {}
            }
        });
    }

    let on_edit = {
        let (dispatch, keys) = (dispatch.clone(), keys.clone());
        Callback::from(move |(id, text)| {
            keys.borrow_mut().typed();
            dispatch.dispatch(Action::Edit { id, text })
        })
    };
    let on_large = to(&dispatch, |(id, text)| Action::PasteLarge { id, text });
    let on_kind = to(&dispatch, |(id, kind): (u32, Option<Kind>)| Action::SetKind { id, kind });
    let on_field = to(&dispatch, |(id, key, value)| Action::SetField { id, key, value });
    let on_remove = to(&dispatch, Action::Remove);
    let on_vault = to(&dispatch, Action::SetVault);
    let on_host = to(&dispatch, Action::SetHost);
    let on_load = to(&dispatch, |(case, message)| Action::Example { case, message });
    let on_add = {
        let (dispatch, focus_new) = (dispatch.clone(), focus_new.clone());
        Callback::from(move |_: MouseEvent| {
            focus_new.set(true);
            dispatch.dispatch(Action::Add)
        })
    };
    let on_add_form = to(&dispatch, |_: MouseEvent| Action::AddForm);
    let on_public_dns = to(&dispatch, Action::AddPublicDns);
    let vault_problem = state.answer.as_ref().and_then(|a| a.vault_problem.clone()).map(AttrValue::from);
    let public_dns_host = state.answer.as_ref().and_then(|a| a.public_dns_host.clone()).map(AttrValue::from);
    let on_clear = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| {
            browser::replace_fragment(None);
            dispatch.dispatch(Action::Clear);
        })
    };
    // The fragment holds the case: the skip link moves the focus without touching it.
    let on_skip = Callback::from(|e: MouseEvent| {
        e.prevent_default();
        browser::focus_heading("report-heading");
    });
    let on_dismiss = to(&dispatch, |_: MouseEvent| Action::Notify(None));
    let on_share_whole = to(&dispatch, Action::ShareWhole);
    let current = use_mut_ref(|| None::<UseReducerHandle<State>>);
    *current.borrow_mut() = Some(state.clone());
    let render = (*use_memo((), |_| renderer(current.clone()))).clone();
    let preview = (*use_memo((), move |_| previewer(current))).clone();
    let removable = state.pastes.len() > 1;
    // Each paste's summary by position, found in one pass (not one search per paste).
    let mut summaries = vec![None; state.pastes.len()];
    for summary in state.answer.iter().flat_map(|a| &a.summary.inputs) {
        if let Some(slot) = summary.index.checked_sub(1).and_then(|i| summaries.get_mut(i)) {
            *slot = Some(summary);
        }
    }
    // The hint's command names the vault once the engine knows it (never a template then).
    let start_command = match state.answer.as_ref().and_then(|a| a.summary.vault_host.as_ref()) {
        Some(host) => format!("nslookup {host}"),
        None => START_HINT[1].to_string(),
    };
    let commands = state.answer.as_ref().map_or_else(|| props.early.commands.clone(), |a| a.commands.clone());
    html! {
        <>
            <a class="skip-link" href="#diagnosis" onclick={on_skip}>{ "Skip to the diagnosis" }</a>
            <header class="masthead">
                <h1>{ "kvdoctor" }</h1>
                <p class="promise">{ PROMISE }</p>
                <p class="privacy">{ PRIVACY }</p>
            </header>
            <main class="layout">
                <section class="pastes" aria-labelledby="pastes-heading">
                    <h2 id="pastes-heading">{ "What you have" }</h2>
                    if let Some(notice) = &state.notice {
                        <NoticeBar notice={notice.clone()} on_dismiss={on_dismiss} />
                    }
                    // Kept while there is one paste, so pasting into it moves nothing (and the
                    // static first screen, which shows it too, hands over without a jump). Its
                    // command is one line of its own, so naming the vault moves nothing either.
                    if state.pastes.len() <= 1 {
                        <p class="hint">{ START_HINT[0] }<code class="start-command">{ start_command }</code>{ START_HINT[2] }</p>
                    }
                    <VaultField value={state.vault.clone()} problem={vault_problem} on_change={on_vault} />
                    { for state.pastes.iter().enumerate().map(|(i, slot)| {
                        let summary = summaries.get(i).copied().flatten().cloned();
                        html! {
                            <PasteBox key={slot.id} slot={slot.clone()} number={i + 1} {summary} {removable}
                                on_edit={on_edit.clone()} on_large={on_large.clone()} on_kind={on_kind.clone()} on_field={on_field.clone()} on_remove={on_remove.clone()} />
                        }
                    }) }
                    <div class="paste-actions">
                        <button type="button" onclick={on_add}>{ "Add another paste" }</button>
                        <button type="button" class="secondary" onclick={on_add_form}>{ "Enter values from the portal" }</button>
                        <button type="button" class="secondary" onclick={on_clear}>{ "Clear" }</button>
                    </div>
                    // Below the pastes and their buttons, not beside the vault field: the static
                    // first screen has no such control (one above the paste box would move it at
                    // hand-over), and from a paste the next Tab stays "Add another paste".
                    <HostPicker value={AttrValue::from(state.host.clone())} on_change={on_host} />
                    // Below the pastes: it appears once a vault is known, and above them it would
                    // push the paste box down while the user looks at it.
                    <PublicDns host={public_dns_host} on_answer={on_public_dns} />
                    <ExamplesMenu on_load={on_load} open={state.is_empty() || state.browsing} />
                    <RunCommands groups={commands} />
                    <super::collect_panel::CollectPanel vault={AttrValue::from(state.vault.clone())} />
                </section>
                <ReportView answer={shown} {link}
                    busy={state.busy.as_ref().and_then(|b| b.message.clone()).map(AttrValue::from)} pending={state.busy.is_some() || held}
                    has_input={!state.is_empty()}
                    share_whole={state.share_whole} on_share_whole={on_share_whole} {render} {preview}
                    link_note={state.link_note.clone().map(AttrValue::from)} />
            </main>
            <footer class="site-footer">{ format!("kvdoctor {VERSION}: the rules that gave this diagnosis.") }</footer>
        </>
    }
}
