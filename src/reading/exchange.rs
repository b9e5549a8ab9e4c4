//! Export and import of the reader's work (filled in below).
