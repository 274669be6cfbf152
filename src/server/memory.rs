//! Handing freed memory back to the operating system after a bulk job.

/// mimalloc keeps the pages a thread freed until that thread allocates
/// again. A catalogue load analyses on a blocking thread and frees much of
/// what it allocated there (texts, term lists, the bitmaps `compact`
/// copies), and that thread then sleeps; the old catalogue is dropped on
/// one too. Called at the end of such a job, on its thread: mimalloc
/// collects that thread's pages (only its own: memory freed into another
/// thread's pages waits for that thread) and purges its arenas. Where
/// mimalloc is not the global allocator, as in the library's tests, this
/// thread's heap was never set up and nothing happens.
pub fn give_back() {
    // SAFETY: no preconditions; it only frees what no allocation uses.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
