# tralign: the two commands of the quick start.
#   make demo   install what is missing, build (Release), run tralign on the example texts
#   make test   install what is missing, build (Release), run every test (C++ and Python)
# The tool lands at build/bin/tralign; the Python package at build/python.

BUILD ?= build
JOBS ?= $(shell nproc)
PYTHON ?= /usr/bin/python3

# Debian 12 packages the build and the tests need.
APT_PACKAGES = cmake g++ make pkg-config libicu-dev libfmt-dev libboost-dev catch2 \
  libcli11-dev nlohmann-json3-dev pybind11-dev python3-dev python3-pybind11 \
  python3-pytest python3-setuptools python3-wheel python3-pip python3-nltk libxml2-utils xz-utils \
  clang libclang-rt-14-dev valgrind chromium python3-matplotlib python3-dask \
  python3-distributed

.PHONY: all deps configure build demo test clean fuzz-build fuzz-smoke fuzz test-sanitize test-valgrind \
  bench bench-quick

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	  else \
	    echo "missing Debian packages; run:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

configure: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DPython3_EXECUTABLE=$(PYTHON)

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/bin/tralign diff --source-lang en --target-lang de \
	  examples/data/en.txt examples/data/de.txt; test $$? -le 1

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory fuzz-smoke

# Fuzzing (issue 7): libFuzzer targets built with clang, ASan and UBSan in $(FUZZ_BUILD).
#   make fuzz-smoke                 each fuzzer for FUZZ_SMOKE_SECONDS (part of `make test`)
#   make fuzz FUZZ_SECONDS=600      each fuzzer for FUZZ_SECONDS, FUZZ_PARALLEL at a time
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 12
FUZZ_PARALLEL ?= 2
FUZZ_FLAGS = -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined \
  -fno-omit-frame-pointer

fuzz-build: deps
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_CXX_FLAGS="$(FUZZ_FLAGS)" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
	  -DTRALIGN_BUILD_FUZZERS=ON -DTRALIGN_FUZZ_SMOKE_SECONDS=$(FUZZ_SMOKE_SECONDS) \
	  -DTRALIGN_BUILD_TESTS=OFF -DTRALIGN_BUILD_EXAMPLES=OFF -DTRALIGN_BUILD_PYTHON=OFF \
	  -DTRALIGN_BUILD_BENCHMARKS=OFF -DTRALIGN_INSTALL=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

fuzz-smoke: fuzz-build
	cd $(FUZZ_BUILD) && ctest --output-on-failure -L fuzz -j $(JOBS)

fuzz: fuzz-build
	tests/fuzz/run_fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_PARALLEL)

# The whole test suite built with AddressSanitizer and UndefinedBehaviorSanitizer (gcc) in
# $(ASAN_BUILD). The Python tests load the instrumented module into an uninstrumented
# interpreter, so they run with libasan preloaded and without leak detection (the interpreter
# keeps memory to its exit); libstdc++ is preloaded too, or ASan cannot intercept __cxa_throw
# and aborts on the first C++ exception. install.find_package links a plain consumer: left out.
ASAN_BUILD ?= build-asan
SANITIZE_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer
SANITIZE_ENV = ASAN_OPTIONS=halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
PYTHON_TESTS = python|pytest|^test_

test-sanitize: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPython3_EXECUTABLE=$(PYTHON) \
	  -DCMAKE_CXX_FLAGS="$(SANITIZE_FLAGS)" -DTRALIGN_BUILD_BENCHMARKS=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && $(SANITIZE_ENV) \
	  ctest --output-on-failure -j $(JOBS) -E '^install[.]|$(PYTHON_TESTS)'
	cd $(ASAN_BUILD) && $(SANITIZE_ENV) ASAN_OPTIONS=halt_on_error=1:detect_leaks=0 \
	  LD_PRELOAD="$$(g++ -print-file-name=libasan.so) $$(g++ -print-file-name=libstdc++.so)" \
	  ctest --output-on-failure -j $(JOBS) -R '$(PYTHON_TESTS)' --no-tests=ignore

# The command-line tool under valgrind memcheck: the example pair and bad input.
test-valgrind: build
	tests/valgrind_cli.sh $(BUILD)/bin/tralign

# Benchmarks (issue 10): every benchmark in benchmarks/ on ../shared/corpora and ../shared/eval,
# medians of several runs with their range; never part of `make test`.
#   make bench         the full run: rewrites benchmarks/RESULTS.md and benchmarks/plots/*.png
#   make bench-quick   a one-minute subset: writes $(BUILD)/bench/RESULTS.quick.md and its plots
BENCH_TARGETS = tralign_cli segment_bench align_bench align_eval diff_driver stage_bench \
  segment_test python_overhead_bench
BENCH_FLAGS ?=

bench: build
	cmake --build $(BUILD) -j $(JOBS) --target $(BENCH_TARGETS)
	$(PYTHON) benchmarks/run_bench.py --build $(BUILD) $(BENCH_FLAGS)

bench-quick: build
	cmake --build $(BUILD) -j $(JOBS) --target $(BENCH_TARGETS)
	$(PYTHON) benchmarks/run_bench.py --quick --build $(BUILD) $(BENCH_FLAGS)

clean:
	rm -rf $(BUILD)
