# The README's two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
JOBS ?= 2
RELEASE_DIR := build/release
TEST_DIR := build/test
FUZZ_DIR := build/fuzz
DATA_DIR ?= ./data
FUZZ_SECONDS ?= 60

.PHONY: run test deps deps-test release test-build unit e2e fuzz fuzz-build bench clean

run: deps release
	$(RELEASE_DIR)/switchboard serve --data-dir $(DATA_DIR) $(ARGS)

test: deps-test test-build unit e2e fuzz

deps:
	./scripts/install-deps.sh

deps-test:
	./scripts/install-deps.sh --test

release:
	cmake -S . -B $(RELEASE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DSB_TESTS=OFF
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target switchboard

# Debug build with AddressSanitizer and UndefinedBehaviorSanitizer, used by every test.
test-build:
	cmake -S . -B $(TEST_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSB_SANITIZE=ON -DSB_WERROR=ON
	cmake --build $(TEST_DIR) -j $(JOBS)

# The store tests run against SQLite and against a throwaway PostgreSQL cluster.
unit:
	pg_dir=$$(mktemp -d /tmp/sb-pg-test.XXXXXX) && \
	url=$$(./scripts/pg-test-cluster.sh start "$$pg_dir") && \
	trap '$(CURDIR)/scripts/pg-test-cluster.sh stop "'"$$pg_dir"'"' EXIT && \
	cd $(TEST_DIR) && SB_TEST_POSTGRES_URL="$$url" ctest -L unit --output-on-failure -j $(JOBS) --timeout 300

e2e:
	cd $(TEST_DIR) && ctest -L e2e --output-on-failure --timeout 1500

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
