//! `/staff/users` (admins): accounts, roles, deactivation and new accounts.
use leptos::prelude::*;

use crate::api::users::{list_accounts, CreateAccount, SetAccountActive, SetAccountRole};
use crate::components::form::InputField;
use crate::components::loading::Loaded;
use crate::components::staff::{failure, fill, headings, ActionError, StaffPage};
use crate::components::table::{RecordTable, TableLook};
use crate::i18n::{t, t_string, use_i18n};
use crate::wire::errors::AppError;
use crate::wire::staff::Role;
use crate::wire::users::Account;

/// The accounts page.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    // Actions and the resource live at the top of the page, not inside the gate's async part,
    // so the browser creates them in the same order as the server.
    let create = ServerAction::<CreateAccount>::new();
    let set_role = ServerAction::<SetAccountRole>::new();
    let set_active = ServerAction::<SetAccountActive>::new();
    let accounts = Resource::new(
        move || {
            (
                create.version().get(),
                set_role.version().get(),
                set_active.version().get(),
            )
        },
        |_| list_accounts(),
    );
    view! {
        <StaffPage title={move || t_string!(i18n, users_title_page).to_string()} needed=Role::Admin view={move |user| view! { <Accounts csrf=user.csrf accounts create set_role set_active /> }} />
    }
}

#[component]
fn Accounts(
    /// The session's anti-forgery token.
    csrf: String,
    /// Every account.
    accounts: Resource<Result<Vec<Account>, AppError>>,
    /// Creates an account.
    create: ServerAction<CreateAccount>,
    /// Changes a role.
    set_role: ServerAction<SetAccountRole>,
    /// Deactivates or reactivates.
    set_active: ServerAction<SetAccountActive>,
) -> impl IntoView {
    let i18n = use_i18n();
    let failures = [
        failure(create.value()),
        failure(set_role.value()),
        failure(set_active.value()),
    ];
    let problem = Signal::derive(move || failures.iter().find_map(|f| f.get()));
    let csrf = StoredValue::new(csrf);
    view! {
        <h1 class="text-2xl font-bold">{t!(i18n, users_title)}</h1>
        <ActionError message=problem />
        <Loaded resource=accounts view={move |list: Vec<Account>| view! {
            <RecordTable look=TableLook::Compact caption=t_string!(i18n, users_caption) columns=headings!(i18n, [users_col_email, users_role, users_col_state])>
                {list.into_iter().map(|a| {
                    let select_id = format!("role-{}", a.id);
                    let (id1, id2) = (a.id.clone(), a.id.clone());
                    let email = a.email.clone();
                    let role_label = t!(i18n, users_role_of, email = move || email.clone());
                    let save_label = fill(t_string!(i18n, users_save_role_of), &[("email", &a.email)]);
                    let email = a.email.clone();
                    let toggle = if a.active {
                        t!(i18n, users_deactivate, email = move || email.clone()).into_any()
                    } else {
                        t!(i18n, users_reactivate, email = move || email.clone()).into_any()
                    };
                    let state = if a.active { t_string!(i18n, users_active) } else { t_string!(i18n, users_deactivated) };
                    let next_active = (!a.active).to_string();
                    let role = a.role;
                    view! {
                        <tr class="border-b border-slate-200">
                            <td class="py-2 pr-3">{a.email.clone()}</td>
                            <td class="py-2 pr-3">
                                <ActionForm action=set_role attr:class="flex items-center gap-2">
                                    <input type="hidden" name="csrf" value=csrf.get_value() />
                                    <input type="hidden" name="id" value=id1 />
                                    <label class="sr-only" for=select_id.clone()>{role_label}</label>
                                    <select id=select_id name="role" class="rounded border border-slate-500 px-2 py-1">
                                        {Role::ALL.into_iter().map(|r| view! { <option value=r.slug() selected=r == role>{r.slug()}</option> }).collect_view()}
                                    </select>
                                    <button type="submit" class="rounded border border-blue-800 px-2 py-1 text-blue-800" aria-label=save_label>{t!(i18n, users_save)}</button>
                                </ActionForm>
                            </td>
                            <td class="py-2 pr-3">
                                <ActionForm action=set_active attr:class="flex items-center gap-2">
                                    <input type="hidden" name="csrf" value=csrf.get_value() />
                                    <input type="hidden" name="id" value=id2 />
                                    <input type="hidden" name="active" value=next_active />
                                    <span>{state}</span>
                                    <button type="submit" class="rounded border border-blue-800 px-2 py-1 text-blue-800">
                                        {toggle}
                                    </button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </RecordTable>
        }} />
        <h2 class="mt-8 text-xl font-semibold">{t!(i18n, users_new)}</h2>
        <ActionForm action=create attr:class="mt-4 max-w-md space-y-4">
            <input type="hidden" name="csrf" value=csrf.get_value() />
            <InputField id="new-email" name="email" kind="email" label=t_string!(i18n, staff_email) autocomplete="off" />
            <div>
                <label for="new-role" class="block font-medium">{t!(i18n, users_role)}</label>
                <select id="new-role" name="role" class="mt-1 w-full rounded border border-slate-500 px-3 py-2">
                    {Role::ALL.into_iter().map(|r| view! { <option value=r.slug()>{r.slug()}</option> }).collect_view()}
                </select>
            </div>
            <InputField id="new-password" name="password" kind="password" label=t_string!(i18n, users_first_password) autocomplete="new-password"
                help=("new-password-help", t_string!(i18n, users_first_password_help)) />
            <button type="submit" class="rounded-md bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900">{t!(i18n, users_create)}</button>
        </ActionForm>
    }
}
