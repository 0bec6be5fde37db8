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
  python3-pytest python3-setuptools python3-nltk libxml2-utils xz-utils

.PHONY: all deps configure build demo test clean

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

clean:
	rm -rf $(BUILD)
