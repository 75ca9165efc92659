# csnet: `make run` serves the plugin, `make test` runs all three test tiers.
# Both install what is missing first (Debian packages via apt-get, NuGet packages via restore).
CONFIG     ?= Release
PLUGIN_BIN := plugin/bin/$(CONFIG)/net10.0/csnet
SOCKET     ?= /run/docker/plugins/csnet.sock
STATE_DIR  ?= /var/lib/csnet

.PHONY: deps deps-e2e build run test unit kernel e2e clean

deps:
	bash tests/e2e/install-deps.sh

# The e2e tier also runs on Debian 13's dockerd 26.1, unpacked into /opt/csnet-dockerd-26.1
# (a no-op when it is there; E2E_DAEMONS=default skips it). A failed install does not stop the
# other tiers: run-tests.sh counts the 26.1 run that could not happen as a failure.
deps-e2e: deps
	-@case " $${E2E_DAEMONS:-default 26.1} " in *" 26.1 "*) bash tests/e2e/install-dockerd26.sh >/dev/null ;; esac

build:
	dotnet build Plugin.sln -c $(CONFIG) -nologo -v quiet

run: deps build
	$(PLUGIN_BIN) --socket $(SOCKET) --state-dir $(STATE_DIR)

test: deps-e2e build
	CONFIG=$(CONFIG) CSNET_PLUGIN=$(CURDIR)/$(PLUGIN_BIN) bash scripts/run-tests.sh

unit: build
	CONFIG=$(CONFIG) bash scripts/run-tests.sh unit

kernel: build
	CONFIG=$(CONFIG) bash scripts/run-tests.sh kernel

e2e: deps-e2e build
	CONFIG=$(CONFIG) CSNET_PLUGIN=$(CURDIR)/$(PLUGIN_BIN) bash scripts/run-tests.sh e2e

clean:
	dotnet clean Plugin.sln -c $(CONFIG) -nologo -v quiet
	rm -rf out TestResults
