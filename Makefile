# The two commands of the README. Both install what is missing first.
#   make run   – build (release) and serve the demo city on http://127.0.0.1:3000
#   make test  – every test: unit, integration on SQLite and PostgreSQL, browser
SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

BIN := target/release/smart-city-duisburg
# Inside the site root: `cargo leptos watch` replaces that folder with a dev
# build, and the stamp must go with it.
STAMP := target/site/.release-built
SOURCES := $(shell find src migration/src migration/data openimmo/src locales style public -type f 2>/dev/null) \
           Cargo.toml Cargo.lock Leptos.toml migration/Cargo.toml openimmo/Cargo.toml build.rs .cargo/config.toml

.PHONY: run test tools build watch clean-db bench

run: build
	@mkdir -p data
	$(BIN) serve

test:
	scripts/test.sh

tools:
	scripts/setup-tools.sh

build: $(STAMP)

# Rebuilt only when a source changed, so a second `make run` starts at once.
# The stamp takes the build's start time: a file saved during a build is
# newer, so the next `make build` builds again.
$(STAMP): $(SOURCES)
	scripts/setup-tools.sh
	@mkdir -p target && touch target/.release-started
	cargo leptos build --release --precompress --split
	@touch -r target/.release-started $@

watch: tools
	cargo leptos watch --split

clean-db:
	rm -f data/smart-city-duisburg.db data/smart-city-duisburg.db-*

# Performance benchmark (not part of `make test`): scripts/bench.sh [--large]
bench:
	scripts/bench.sh
