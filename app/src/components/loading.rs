//! What a page loads: the path parameter it names, and waiting for it: a line while it loads,
//! then the page, or what went wrong. [`Found`] for the public pages (in the visitor's
//! language), [`Loaded`] for the staff area.
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::staff::error_text;
use crate::i18n::{t, use_i18n};
use crate::wire::errors::AppError;

/// The path parameter `name` of the current route ("" when there is none).
pub fn path_param(name: &'static str) -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.read().get(name).unwrap_or_default())
}

/// `fallback` until `resource` is ready, then `view` with its value or `failed` with the error.
fn awaited<T, V>(
    resource: Resource<Result<T, AppError>>,
    fallback: impl Fn() -> AnyView + Send + Sync + 'static,
    failed: impl Fn(AppError) -> AnyView + Clone + Send + Sync + 'static,
    view: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <Suspense fallback>
            {move || {
                let (view, failed) = (view.clone(), failed.clone());
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => view(value).into_any(),
                        Err(e) => failed(e),
                    }
                })
            }}
        </Suspense>
    }
}

/// A public page's data: `found` with it, `missing` when there is no such thing, or the general
/// error message.
#[component]
pub fn Found<T, F, V, M, W>(
    /// What the page loads.
    resource: Resource<Result<Option<T>, AppError>>,
    /// The page for what was found.
    found: F,
    /// What shows when there is nothing under this address.
    missing: M,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
    M: Fn() -> W + Clone + Send + Sync + 'static,
    W: IntoView + 'static,
{
    let i18n = use_i18n();
    awaited(
        resource,
        move || view! { <p>{t!(i18n, loading)}</p> }.into_any(),
        move |_| view! { <p role="alert">{t!(i18n, error_text)}</p> }.into_any(),
        move |value: Option<T>| match value {
            Some(value) => found(value).into_any(),
            None => {
                // Nothing under this address: a 404 to the network as well (the routes using
                // this render in `SsrMode::Async`, so the status is set before the headers go).
                #[cfg(feature = "ssr")]
                if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
                    r.set_status(axum::http::StatusCode::NOT_FOUND);
                }
                missing().into_any()
            }
        },
    )
}

/// A staff page's data: `view` with it, or the server's message.
#[component]
pub fn Loaded<T: Clone + Send + Sync + 'static, V: IntoView + 'static>(
    /// What the page loads.
    resource: Resource<Result<T, AppError>>,
    /// Classes of the message when loading fails.
    #[prop(optional)]
    error_class: Option<&'static str>,
    /// The page for what was loaded.
    view: impl Fn(T) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView {
    awaited(
        resource,
        || view! { <p>"Loading…"</p> }.into_any(),
        move |e| view! { <p role="alert" class=error_class>{error_text(&e)}</p> }.into_any(),
        view,
    )
}
