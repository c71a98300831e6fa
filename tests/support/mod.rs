pub mod spf_suite;
