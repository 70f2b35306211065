//! Streaming reader of the case and evaluation exports (CSV in any of the encodings Excel
//! writes, XLSX and XLS): only the mapped columns are read.
