//! "Anfrage an mehrere Anbieter": a resident's request for quotes
//! (`quote_request`), the providers invited to it, the providers' priced
//! quotes (`quote`) and the question thread of each quote
//! (`quote_message`). A request's personal details (phone, address) are
//! columns of their own, shown to a provider only once its quote is
//! accepted; `details` holds the category form's answers, none personal.
//!
//! Both tables feed the change log (kind `q`, the request's id), so a
//! provider's open dashboard and a resident's open request page follow
//! every instance's writes live. A review written as the customer of an
//! accepted quote names it (`review.quote_id`).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn a(s: &str) -> Alias {
    Alias::new(s)
}

fn fk(table: &str, col: &str, to: &str, action: ForeignKeyAction) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(a(table), a(col)).to(a(to), a("id")).on_delete(action).to_owned()
}

/// (table, the request id, the provider) — `{r}` is NEW or OLD.
const SOURCES: [(&str, &str, &str); 2] = [("quote_request", "{r}.id", "NULL"), ("quote", "{r}.request_id", "{r}.provider_id")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(a("quote_request"))
                    .col(ColumnDef::new(a("id")).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("user_id")).integer().not_null())
                    .col(ColumnDef::new(a("category_id")).integer().not_null())
                    .col(ColumnDef::new(a("bezirk_id")).integer().not_null())
                    .col(ColumnDef::new(a("stadtteil_id")).integer().null())
                    .col(ColumnDef::new(a("title")).string_len(120).not_null())
                    .col(ColumnDef::new(a("description")).text().not_null())
                    // JSON object: the category form's answers (field key -> value).
                    .col(ColumnDef::new(a("details")).text().not_null())
                    .col(ColumnDef::new(a("budget_cents")).big_integer().null())
                    .col(ColumnDef::new(a("open_to_all")).boolean().not_null())
                    // draft / open / full / accepted / completed / withdrawn / expired / removed
                    .col(ColumnDef::new(a("state")).string_len(12).not_null())
                    .col(ColumnDef::new(a("max_quotes")).integer().not_null())
                    // Private until a quote is accepted.
                    .col(ColumnDef::new(a("contact_phone")).string_len(40).null())
                    .col(ColumnDef::new(a("address")).string_len(200).null())
                    .col(ColumnDef::new(a("accepted_quote_id")).integer().null())
                    .col(ColumnDef::new(a("version")).integer().not_null().default(1))
                    .col(ColumnDef::new(a("demo")).boolean().not_null().default(false))
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("updated_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("sent_at")).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(a("closes_at")).timestamp_with_time_zone().null())
                    // The "expires in 24 h" notice went out.
                    .col(ColumnDef::new(a("reminded_at")).timestamp_with_time_zone().null())
                    .foreign_key(&mut fk("quote_request", "user_id", "app_user", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("quote_request", "category_id", "category", ForeignKeyAction::Restrict))
                    .foreign_key(&mut fk("quote_request", "bezirk_id", "stadtbezirk", ForeignKeyAction::Restrict))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [("idx_quote_request_user", &["user_id"][..]), ("idx_quote_request_open", &["state", "category_id"][..])] {
            let mut idx = Index::create().name(name).table(a("quote_request")).to_owned();
            for c in cols {
                idx.col(a(c));
            }
            manager.create_index(idx).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(a("quote_request_invite"))
                    .col(ColumnDef::new(a("request_id")).integer().not_null())
                    .col(ColumnDef::new(a("provider_id")).integer().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(a("request_id")).col(a("provider_id")))
                    .foreign_key(&mut fk("quote_request_invite", "request_id", "quote_request", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("quote_request_invite", "provider_id", "provider", ForeignKeyAction::Cascade))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_quote_invite_provider").table(a("quote_request_invite")).col(a("provider_id")).to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(a("quote"))
                    .col(ColumnDef::new(a("id")).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("request_id")).integer().not_null())
                    .col(ColumnDef::new(a("provider_id")).integer().not_null())
                    .col(ColumnDef::new(a("author_id")).integer().null())
                    // submitted / revised / accepted / declined / withdrawn / expired / superseded
                    .col(ColumnDef::new(a("state")).string_len(12).not_null())
                    .col(ColumnDef::new(a("price_cents")).big_integer().not_null())
                    // fixed / estimate / hourly / inspection
                    .col(ColumnDef::new(a("price_type")).string_len(12).not_null())
                    .col(ColumnDef::new(a("included")).text().not_null())
                    .col(ColumnDef::new(a("valid_until")).date().not_null())
                    .col(ColumnDef::new(a("earliest_start")).date().null())
                    .col(ColumnDef::new(a("message")).text().not_null())
                    // JSON of `quotes::domain::Esis` (Baufinanzierung only).
                    .col(ColumnDef::new(a("esis")).text().null())
                    .col(ColumnDef::new(a("revision")).integer().not_null().default(1))
                    .col(ColumnDef::new(a("version")).integer().not_null().default(1))
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(a("updated_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk("quote", "request_id", "quote_request", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("quote", "provider_id", "provider", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("quote", "author_id", "app_user", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(Index::create().name("idx_quote_request_provider").table(a("quote")).col(a("request_id")).col(a("provider_id")).unique().to_owned())
            .await?;
        manager.create_index(Index::create().name("idx_quote_provider").table(a("quote")).col(a("provider_id")).to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(a("quote_message"))
                    .col(ColumnDef::new(a("id")).integer().not_null().auto_increment().primary_key())
                    .col(ColumnDef::new(a("quote_id")).integer().not_null())
                    .col(ColumnDef::new(a("author_id")).integer().null())
                    .col(ColumnDef::new(a("from_provider")).boolean().not_null())
                    .col(ColumnDef::new(a("body")).text().not_null())
                    .col(ColumnDef::new(a("created_at")).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut fk("quote_message", "quote_id", "quote", ForeignKeyAction::Cascade))
                    .foreign_key(&mut fk("quote_message", "author_id", "app_user", ForeignKeyAction::SetNull))
                    .to_owned(),
            )
            .await?;
        manager.create_index(Index::create().name("idx_quote_message_quote").table(a("quote_message")).col(a("quote_id")).to_owned()).await?;

        manager
            .alter_table(Table::alter().table(a("review")).add_column(ColumnDef::new(a("quote_id")).integer().null()).to_owned())
            .await?;

        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                for (table, id, provider) in SOURCES {
                    let values = |row: &str| format!("('q', {}, {})", id.replace("{r}", row), provider.replace("{r}", row));
                    db.execute_unprepared(&format!(
                        "CREATE FUNCTION change_note_{table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                         IF TG_OP = 'DELETE' THEN INSERT INTO change_log (kind, ref_id, provider_id) VALUES {}; \
                         ELSE INSERT INTO change_log (kind, ref_id, provider_id) VALUES {}; END IF; \
                         RETURN NULL; END $$",
                        values("OLD"),
                        values("NEW"),
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_change AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION change_note_{table}()"
                    ))
                    .await?;
                    db.execute_unprepared(&format!(
                        "CREATE TRIGGER {table}_wake AFTER INSERT OR UPDATE OR DELETE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION change_wake()"
                    ))
                    .await?;
                }
            }
            _ => {
                for (table, id, provider) in SOURCES {
                    for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                        db.execute_unprepared(&format!(
                            "CREATE TRIGGER {table}_change_{} AFTER {event} ON {table} BEGIN \
                             INSERT INTO change_log (kind, ref_id, provider_id) VALUES ('q', {}, {}); END",
                            event.to_lowercase(),
                            id.replace("{r}", row),
                            provider.replace("{r}", row),
                        ))
                        .await?;
                    }
                }
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        if manager.get_database_backend() == DbBackend::Postgres {
            for (table, _, _) in SOURCES {
                db.execute_unprepared(&format!("DROP FUNCTION IF EXISTS change_note_{table}() CASCADE")).await?;
            }
        }
        manager.alter_table(Table::alter().table(a("review")).drop_column(a("quote_id")).to_owned()).await?;
        for t in ["quote_message", "quote", "quote_request_invite", "quote_request"] {
            manager.drop_table(Table::drop().table(a(t)).to_owned()).await?;
        }
        Ok(())
    }
}
