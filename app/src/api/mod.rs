//! Server functions: each authorises, parses, calls `backend` and maps its error. Their
//! request and response types live in `crate::wire`.
pub mod applications;
pub mod audit;
pub mod catalog;
pub mod dashboard;
pub mod editor;
pub mod profiles;
pub mod reference;
pub mod staff;
pub mod status;
pub mod updates;
pub mod users;
pub mod wizard;

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use leptos::server_fn::Bytes;

use crate::wire::errors::AppError;

/// Server functions fail with [`AppError`], carried to the browser as JSON, so field errors
/// arrive as a list and never as a joined string.
impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // On the server, a call whose body cannot be decoded (arguments that are not UTF-8
            // or not of their types) is the caller's input: 422, not "unreachable".
            ServerFnErrorErr::Deserialization(d) if cfg!(feature = "ssr") => {
                AppError::invalid(format!("The request could not be read: {d}"))
            }
            // The browser could not send the call or read the answer.
            ServerFnErrorErr::Request(d)
            | ServerFnErrorErr::Response(d)
            | ServerFnErrorErr::Deserialization(d)
            | ServerFnErrorErr::Serialization(d)
            | ServerFnErrorErr::UnsupportedRequestMethod(d) => AppError::Unreachable { detail: d },
            // The server could not read the call's arguments: the input is at fault.
            ServerFnErrorErr::Args(d) => {
                AppError::invalid(format!("The request could not be read: {d}"))
            }
            ServerFnErrorErr::MissingArg(d) => AppError::invalid(format!("The request lacks {d}.")),
            other => internal(other),
        }
    }

    /// Also sets the HTTP status of the answer (401, 403, 409, 422, 429, 500 ...), so a
    /// refusal is a refusal to the network too, not a 500 with a message.
    fn ser(&self) -> Bytes {
        #[cfg(feature = "ssr")]
        if let Some(r) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
            r.set_status(crate::backend::error::status_of(self));
        }
        <JsonEncoding as leptos::server_fn::Encodes<AppError>>::encode(self)
            .unwrap_or_else(|_| Bytes::from_static(br#"{"kind":"internal","request_id":"-"}"#))
    }
}

/// A failure the browser sees only by its request id (the server logs the cause).
fn internal(cause: impl std::fmt::Display) -> AppError {
    #[cfg(feature = "ssr")]
    {
        crate::backend::error::internal(cause)
    }
    #[cfg(not(feature = "ssr"))]
    {
        AppError::Unreachable {
            detail: cause.to_string(),
        }
    }
}
