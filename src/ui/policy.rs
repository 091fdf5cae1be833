//! When the page asks the engine: one request at a time, and only about the newest revision of
//! the case. A change made while the engine works replaces the request waiting behind it, so the
//! engine never works through cases already superseded (typing in a 1 MB case would otherwise
//! queue a diagnosis per keystroke). Plain Rust, tested natively; `asking.rs` runs it.

/// The page's requests `R`: the newest revision wanted, whether one is with the engine, and the
/// one to send when it answers.
#[derive(Debug)]
pub struct Queue<R> {
    newest: u32,
    running: bool,
    waiting: Option<(u32, R)>,
}

impl<R> Default for Queue<R> {
    fn default() -> Queue<R> {
        Queue { newest: 0, running: false, waiting: None }
    }
}

impl<R> Queue<R> {
    /// `revision` of the case is wanted: anything older is no longer worth asking about.
    pub fn want(&mut self, revision: u32) {
        self.newest = revision;
        if self.waiting.as_ref().is_some_and(|(r, _)| *r != revision) {
            self.waiting = None;
        }
    }

    /// Nothing to ask any more (the case was cleared): a request still in its pause is not sent.
    pub fn forget(&mut self) {
        (self.newest, self.waiting) = (0, None);
    }

    /// The request for `revision` is ready (its pause is over): `Some` to send it now; `None`
    /// when it is superseded, or waits for the request with the engine.
    pub fn ready(&mut self, revision: u32, request: R) -> Option<R> {
        if revision != self.newest {
            return None;
        }
        if self.running {
            self.waiting = Some((revision, request));
            return None;
        }
        self.running = true;
        Some(request)
    }

    /// The engine answered: the request to send next (the newest, if one waits), else idle.
    pub fn answered(&mut self) -> Option<R> {
        match self.waiting.take() {
            Some((revision, request)) if revision == self.newest => Some(request),
            _ => {
                self.running = false;
                None
            }
        }
    }

    /// The engine hit a bug (the page shows the notice): nothing waiting is sent; the next
    /// change asks again.
    pub fn failed(&mut self) {
        (self.running, self.waiting) = (false, None);
    }

    /// A request is with the engine.
    pub fn busy(&self) -> bool {
        self.running
    }
}
