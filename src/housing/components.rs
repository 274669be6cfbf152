//! The exposé's monthly cost estimate for buying. A GET form on the offer
//! page (works without JavaScript, shareable); once hydrated, the figures
//! follow the typing at once.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::finance::{FinanceError, FinanceInput, SIDE_COSTS_BP};
use crate::i18n::{self, t};

fn query(name: &str) -> String {
    use_query_map().read_untracked().get(name).unwrap_or_default()
}

fn message(e: FinanceError) -> &'static str {
    match e {
        FinanceError::Equity => t().finance_error_equity,
        FinanceError::Interest => t().finance_error_interest,
        FinanceError::Repayment => t().finance_error_repayment,
    }
}

#[component]
fn FinanceField(
    name: &'static str,
    label: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<FinanceError>>,
    hint: &'static str,
) -> impl IntoView {
    let id = format!("fin-{name}");
    let err_id = format!("{id}-fehler");
    let hint_id = format!("{id}-hinweis");
    let mine = move || error.get().filter(|e| e.field() == name);
    let described = {
        let (hint_id, err_id) = (hint_id.clone(), err_id.clone());
        move || if mine().is_some() { format!("{hint_id} {err_id}") } else { hint_id.clone() }
    };
    view! {
        <div class="form-field">
            <label for=id.clone()>{label}</label>
            <input id=id name=name inputmode="decimal" autocomplete="off"
                value=value.get_untracked()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                aria-invalid=move || mine().is_some().to_string()
                aria-describedby=described/>
            <p class="hint" id=hint_id>{hint}</p>
            {move || mine().map(|e| view! { <p class="field-error" id=err_id.clone()>{message(e)}</p> })}
        </div>
    }
}

/// `here` is the offer's path; the form submits back to it. The figures
/// typed there (a GET form without JavaScript) or else the defaults.
#[component]
pub fn FinanceCalculator(price_cents: i64, here: String) -> impl IntoView {
    let defaults = FinanceInput::defaults(price_cents);
    let start = |name: &str, fallback: String| {
        let typed = query(name);
        if typed.is_empty() { fallback } else { typed }
    };
    let equity = start("eigenkapital", i18n::decimal(defaults.equity_cents / 100, 0));
    let interest = start("zins", i18n::decimal(defaults.interest_bp, 2));
    let repayment = start("tilgung", i18n::decimal(defaults.repayment_bp, 2));
    view! { <FinanceForm price_cents here equity interest repayment/> }
}

/// Once hydrated, the figures follow the typing at once.
#[island(lazy)]
fn FinanceForm(price_cents: i64, here: String, equity: String, interest: String, repayment: String) -> impl IntoView {
    crate::common::hydration::island_ready();
    let (equity, interest, repayment) = (RwSignal::new(equity), RwSignal::new(interest), RwSignal::new(repayment));
    let parsed = Memo::new(move |_| FinanceInput::parse(price_cents, &equity.get(), &interest.get(), &repayment.get()));
    let error = Signal::derive(move || parsed.get().err());
    let side = i18n::decimal(SIDE_COSTS_BP, 2);
    view! {
        <section class="card finance" aria-labelledby="finanzierung">
            <h2 id="finanzierung">{t().finance_title}</h2>
            <p class="muted">{t().finance_intro.replace("{side}", &side)}</p>
            <form method="get" action=format!("{here}#finanzierung") class="finance-form">
                <FinanceField name="eigenkapital" label=t().finance_equity value=equity error hint=t().finance_equity_hint/>
                <FinanceField name="zins" label=t().finance_interest value=interest error hint=t().finance_interest_hint/>
                <FinanceField name="tilgung" label=t().finance_repayment value=repayment error hint=t().finance_repayment_hint/>
                <noscript><button type="submit" class="button">{t().finance_compute}</button></noscript>
            </form>
            <div aria-live="polite">
                {move || parsed.get().ok().map(|input| {
                    let e = input.estimate();
                    let duration = match e.months {
                        Some(m) => t().finance_duration.replace("{years}", &(m / 12).to_string()).replace("{months}", &(m % 12).to_string()),
                        None => t().finance_never.to_owned(),
                    };
                    view! {
                        <p class="finance-rate">
                            <span>{t().finance_monthly}</span>" "
                            <strong>{i18n::euro(e.monthly_rate_cents)}</strong>
                        </p>
                        <dl class="finance-facts">
                            <dt>{t().finance_side_costs}</dt><dd>{i18n::euro(e.side_costs_cents)}</dd>
                            <dt>{t().finance_loan}</dt><dd>{i18n::euro(e.loan_cents)}</dd>
                            <dt>{t().finance_first_split}</dt>
                            <dd>{t().finance_split.replace("{interest}", &i18n::euro(e.first_interest_cents)).replace("{repayment}", &i18n::euro(e.first_repayment_cents))}</dd>
                            <dt>{t().finance_duration_label}</dt><dd>{duration}</dd>
                            <dt>{t().finance_total_interest}</dt><dd>{i18n::euro(e.total_interest_cents)}</dd>
                        </dl>
                    }
                })}
            </div>
            <p class="muted">{t().finance_disclaimer}</p>
            <p><a href="/angebote?kategorie=baufinanzierung">{t().finance_compare_banks}</a></p>
        </section>
    }
}
