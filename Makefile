# csnet: `make run` serves the plugin, `make test` runs all three test tiers.
# Both install what is missing first (Debian packages via apt-get, NuGet packages via restore).
CONFIG     ?= Release
PLUGIN_BIN := plugin/bin/$(CONFIG)/net10.0/csnet
SOCKET     ?= /run/docker/plugins/csnet.sock
STATE_DIR  ?= /var/lib/csnet

.PHONY: deps build run test unit kernel e2e clean

deps:
	bash tests/e2e/install-deps.sh

build:
	dotnet build Plugin.sln -c $(CONFIG) -nologo -v quiet

run: deps build
	$(PLUGIN_BIN) --socket $(SOCKET) --state-dir $(STATE_DIR)

test: deps build
	CONFIG=$(CONFIG) CSNET_PLUGIN=$(CURDIR)/$(PLUGIN_BIN) bash scripts/run-tests.sh

unit: build
	CONFIG=$(CONFIG) bash scripts/run-tests.sh unit

kernel: build
	CONFIG=$(CONFIG) bash scripts/run-tests.sh kernel

e2e: deps build
	CONFIG=$(CONFIG) CSNET_PLUGIN=$(CURDIR)/$(PLUGIN_BIN) bash scripts/run-tests.sh e2e

clean:
	dotnet clean Plugin.sln -c $(CONFIG) -nologo -v quiet
	rm -rf out TestResults
