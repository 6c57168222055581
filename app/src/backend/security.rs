//! The Content-Security-Policy every HTML page is sent with. Scripts run only from this site
//! or with the response's nonce (Leptos puts it on its hydration scripts), the wasm may be
//! compiled (`'wasm-unsafe-eval'`), and nothing else: no inline event handlers, no styles or
//! images from elsewhere, no framing, no `<base>`, no plugins, forms post only here.
use axum::http::HeaderValue;

/// The policy, with `nonce` for inline scripts when the page has one. `dev_reload` allows
/// the development server's live-reload socket.
pub fn content_security_policy(nonce: Option<&str>, dev_reload: bool) -> String {
    let scripts = match nonce {
        Some(n) => format!("'self' 'nonce-{n}' 'wasm-unsafe-eval'"),
        None => "'self' 'wasm-unsafe-eval'".to_string(),
    };
    let connect = if dev_reload {
        "'self' ws: wss:"
    } else {
        "'self'"
    };
    format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The nonce a policy allows, if any.
pub fn nonce_of(policy: &HeaderValue) -> Option<&str> {
    let text = policy.to_str().ok()?;
    let start = text.find("'nonce-")? + "'nonce-".len();
    let len = text[start..].find('\'')?;
    Some(&text[start..start + len])
}

/// Sets the policy on the page being rendered, with the nonce Leptos generated for it.
pub fn set_on_page(dev_reload: bool) {
    let nonce = leptos::nonce::use_nonce();
    let policy = content_security_policy(nonce.as_deref(), dev_reload);
    if let (Some(r), Ok(v)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(&policy),
    ) {
        r.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_its_nonce() {
        let p = content_security_policy(Some("abc_DEF-12"), false);
        assert!(p.contains("script-src 'self' 'nonce-abc_DEF-12' 'wasm-unsafe-eval';"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(!p.contains("unsafe-inline"));
        assert_eq!(
            nonce_of(&HeaderValue::from_str(&p).unwrap()),
            Some("abc_DEF-12")
        );
        let none = content_security_policy(None, false);
        assert_eq!(nonce_of(&HeaderValue::from_str(&none).unwrap()), None);
        assert!(content_security_policy(None, true).contains("connect-src 'self' ws: wss:"));
    }
}
