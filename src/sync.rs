//! Locking shared state across the run's threads.

use std::sync::{Mutex, MutexGuard};

/// Locks `mutex`; a thread that panicked holding it leaves data the run still uses (it never
/// holds a lock across an update that could be left half done).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
