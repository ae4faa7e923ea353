# parallax: `make demo` runs the tool on bundled sample articles,
# `make test` runs every test (unit tests under ASan+UBSan, CLI tests and a
# short fuzz run of each fuzz target, all driven by ctest). Both install missing Debian packages first.
BUILD      ?= build
SAN_BUILD  ?= build-san
FUZZ_BUILD ?= build-fuzz
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 15
SHARED     ?= $(abspath ../shared)

.PHONY: all deps build demo test fuzz-build fuzz bench clean

all: build

deps:
	@scripts/deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DPX_TESTS=OFF >/dev/null
	@cmake --build $(BUILD) -j $(JOBS) -- --no-print-directory

demo: build
	@scripts/demo.sh $(BUILD)/parallax

# One clang build with ASan+UBSan holds the unit tests, the CLI tests and
# the fuzz targets; ctest runs them all (each fuzz target for FUZZ_SECONDS).
test: deps
	@CC=clang cmake -S . -B $(SAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPX_SANITIZE=ON -DPX_FUZZ=ON \
	  -DPX_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null
	@cmake --build $(SAN_BUILD) -j $(JOBS) -- --no-print-directory
	@cd $(SAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS)

fuzz-build: deps
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPX_FUZZ=ON -DPX_SANITIZE=ON -DPX_TESTS=OFF >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) -- --no-print-directory

fuzz: fuzz-build
	@scripts/fuzz.sh $(FUZZ_BUILD) $(or $(FUZZ_TIME),600)

bench: build
	@scripts/deps.sh bench
	@scripts/bench.sh $(BUILD) $(SHARED)

clean:
	rm -rf $(BUILD) $(SAN_BUILD) $(FUZZ_BUILD)
