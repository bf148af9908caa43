//! The frame every page shares, and small pieces forms use.

use maud::{DOCTYPE, Markup, html};

use crate::auth::CurrentUser;

/// A whole page: head, the top bar (with the person's name and sign-out when
/// signed in), then `body`.
pub fn page(title: &str, user: Option<&CurrentUser>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · knead" }
                link rel="stylesheet" href=(concat!("/static/knead.css?v=", env!("CARGO_PKG_VERSION")));
                script src=(concat!("/static/knead.js?v=", env!("CARGO_PKG_VERSION"))) defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "knead" }
                    @if let Some(u) = user {
                        nav {
                            @match u.account.role {
                                knead_store::Role::Coach => { a href="/coach" { "Roster" } }
                                knead_store::Role::Clinic => { a href="/clinic" { "Board" } }
                                knead_store::Role::Runner => {}
                            }
                            a href="/seasons" { "Seasons" }
                            a href="/account" { (u.account.display_name) }
                            form method="post" action="/signout" {
                                (csrf(u))
                                button.link type="submit" { "Sign out" }
                            }
                        }
                    } @else {
                        nav {
                            a href="/signin" { "Sign in" }
                            a href="/signup" { "Sign up" }
                        }
                    }
                }
                main { (body) }
                footer { "knead plans massage and recovery around your training. It is not medical advice." }
            }
        }
    }
}

/// The hidden CSRF field of a signed-in person's form.
pub fn csrf(user: &CurrentUser) -> Markup {
    html! { input type="hidden" name="csrf" value=(user.csrf()); }
}

/// A secret shown once (a feed address, an invitation, a token): a read-only
/// field with the id `id` and a button that copies it.
pub fn copy_field(id: &str, value: &str) -> Markup {
    html! {
        input.feedurl id=(id) type="text" readonly value=(value);
        button.secondary type="button" data-copy=(id) { "Copy" }
    }
}

/// A page that says what went wrong.
pub fn error_page(title: &str, message: &str) -> Markup {
    page(
        title,
        None,
        html! {
            h1 { (title) }
            p.error role="alert" { (message) }
            p { a href="/" { "Back to knead" } }
        },
    )
}

/// An error beside a form, when there is one.
pub fn form_error(error: Option<&str>) -> Markup {
    html! {
        @if let Some(e) = error {
            p.error role="alert" { (e) }
        }
    }
}
