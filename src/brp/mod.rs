pub mod compare;
pub mod register;
