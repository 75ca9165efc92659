# csnet: `make run` serves the plugin, `make test` runs all three test tiers.
# Both install what is missing first (Debian packages via apt-get, NuGet packages via restore).
CONFIG     ?= Release
PLUGIN_BIN := plugin/bin/$(CONFIG)/net10.0/csnet
SOCKET     ?= /run/docker/plugins/csnet.sock
STATE_DIR  ?= /var/lib/csnet
# The managed plugin: rootfs-build/build.sh makes $(PLUGIN_DIR)/{config.json,rootfs};
# PUBLISH_MODE=aot|trimmed|framework overrides the build's default (see docs/managed-plugin.md).
PLUGIN_NAME ?= csnet
PLUGIN_DIR  ?= build/plugin
TAG         ?= latest

.PHONY: deps deps-e2e build run test unit kernel e2e bench clean plugin-dir plugin plugin-push

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

test: deps-e2e build plugin-dir
	CONFIG=$(CONFIG) CSNET_PLUGIN=$(CURDIR)/$(PLUGIN_BIN) CSNET_PLUGIN_DIR=$(CURDIR)/$(PLUGIN_DIR) bash scripts/run-tests.sh

unit: build
	CONFIG=$(CONFIG) bash scripts/run-tests.sh unit

kernel: build
	CONFIG=$(CONFIG) bash scripts/run-tests.sh kernel

e2e: deps-e2e build plugin-dir
	CONFIG=$(CONFIG) CSNET_PLUGIN=$(CURDIR)/$(PLUGIN_BIN) CSNET_PLUGIN_DIR=$(CURDIR)/$(PLUGIN_DIR) bash scripts/run-tests.sh e2e

# Figures, never assertions: csnet beside Docker's bridge (bench/run.sh; BENCH_DOCKERD for another engine).
# The plugin measured is the managed plugin's Native AOT binary, what users install.
bench: deps build plugin-dir
	CONFIG=$(CONFIG) BENCH_BINARY=$(CURDIR)/$(PLUGIN_DIR)/rootfs/csnet bash bench/run.sh

# config.json + rootfs for `docker plugin create`, in $(PLUGIN_DIR).
plugin-dir: deps
	CONFIG=$(CONFIG) PUBLISH_MODE=$(PUBLISH_MODE) bash rootfs-build/build.sh $(PLUGIN_DIR)

# Creates and enables the plugin $(PLUGIN_NAME) on the engine DOCKER_HOST names, replacing an earlier one.
plugin: plugin-dir
	bash rootfs-build/install.sh $(PLUGIN_DIR) $(PLUGIN_NAME)

# make plugin-push REGISTRY=host:port [TAG=…]: pushes $(REGISTRY)/$(PLUGIN_NAME):$(TAG).
plugin-push: plugin-dir
	@test -n "$(REGISTRY)" || { echo "usage: make plugin-push REGISTRY=host:port [TAG=...]" >&2; exit 2; }
	bash rootfs-build/push.sh $(PLUGIN_DIR) $(REGISTRY)/$(PLUGIN_NAME):$(TAG)

clean:
	dotnet clean Plugin.sln -c $(CONFIG) -nologo -v quiet
	rm -rf out TestResults build
