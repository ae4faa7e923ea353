# parallax: `make demo` runs the tool on bundled sample articles,
# `make test` runs every test (unit tests under ASan+UBSan via ctest, CLI
# tests, a short fuzz run). Both install missing Debian packages first.
BUILD      ?= build
SAN_BUILD  ?= build-san
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 20
SHARED     ?= $(abspath ../shared)

.PHONY: all deps build demo test test-unit fuzz-short fuzz bench clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DPX_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD)/parallax

test: deps test-unit fuzz-short

test-unit:
	@CC=clang cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPX_SANITIZE=ON >/dev/null
	@cmake --build $(SAN_BUILD) -j $(JOBS)
	@cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

fuzz-build: deps
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPX_FUZZ=ON -DPX_SANITIZE=ON -DPX_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS)

fuzz-short: fuzz-build
	@scripts/fuzz.sh $(FUZZ_BUILD) 10

fuzz: fuzz-build
	@scripts/fuzz.sh $(FUZZ_BUILD) $(or $(FUZZ_TIME),600)

bench: build
	@scripts/bench.sh $(BUILD) $(SHARED)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
