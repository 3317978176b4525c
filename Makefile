# The README's two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
JOBS ?= 2
RELEASE_DIR := build/release
TEST_DIR := build/test
FUZZ_DIR := build/fuzz
DATA_DIR ?= ./data
# Where the browser softphone reaches SIP over WebSocket when started with `make run`.
SIP_WS ?= 127.0.0.1:5066
FUZZ_SECONDS ?= 60

.PHONY: run test deps deps-test web release test-build unit e2e browser fuzz fuzz-build bench clean

run: deps web release
	$(RELEASE_DIR)/switchboard serve --data-dir $(DATA_DIR) --sip-ws $(SIP_WS) $(ARGS)

test: deps-test test-build unit e2e browser fuzz

deps:
	./scripts/install-deps.sh

deps-test:
	./scripts/install-deps.sh --test

# The web app (web/dist) that the server serves; `npm ci` only when node_modules was not
# installed from this lockfile.
web:
	cd web && { cmp -s package-lock.json node_modules/.sb-lockfile || \
	  { npm ci --no-audit --no-fund && cp package-lock.json node_modules/.sb-lockfile; }; } && npm run build

release: web
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DSB_TESTS=OFF
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target switchboard

# Debug build with AddressSanitizer and UndefinedBehaviorSanitizer, used by every test.
# Line tables only (-g1): sanitizer reports keep file:line, and the build is faster.
test-build: web
	cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DSB_SANITIZE=ON -DSB_WERROR=ON
	cmake --build $(TEST_DIR) -j $(JOBS)

# The store tests run against SQLite and against a throwaway PostgreSQL cluster.
unit:
	pg_dir=$$(mktemp -d /tmp/sb-pg-test.XXXXXX) && \
	url=$$(./scripts/pg-test-cluster.sh start "$$pg_dir") && \
	trap '$(CURDIR)/scripts/pg-test-cluster.sh stop "'"$$pg_dir"'"' EXIT && \
	cd $(TEST_DIR) && SB_TEST_POSTGRES_URL="$$url" ctest -L unit --output-on-failure -j $(JOBS) --timeout 300

e2e:
	cd $(TEST_DIR) && ctest -L e2e --output-on-failure --timeout 1500

# The app in headless Chromium against the test build (tests/browser, docs/testing.md).
browser:
	SWITCHBOARD_BIN=$(CURDIR)/$(TEST_DIR)/switchboard node --test tests/browser/*.test.mjs

fuzz-build:
	cmake -S . -B $(FUZZ_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DSB_FUZZ=ON -DSB_TESTS=OFF
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target fuzzers

# A short run of every fuzz target over its seed corpus; a crash fails the build.
fuzz: fuzz-build
	./fuzz/run-all.sh $(FUZZ_DIR) $(FUZZ_SECONDS)

bench:
	cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSB_TESTS=OFF -DSB_BENCH=ON
	cmake --build build/bench -j $(JOBS)

clean:
	rm -rf build
