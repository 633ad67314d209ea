# The two set-up commands are `make run` and `make test`; the rest are conveniences.
.PHONY: run test bench check messages clean

run:  ## run the portal with a project-local PostgreSQL and Redis, demo data, worker and beat
	@scripts/run.sh

test:  ## the whole test suite on its own PostgreSQL, Redis and headless Chromium
	@scripts/test.sh $(ARGS)

bench:  ## the benchmarks of bench/, on their own PostgreSQL and Redis (ARGS picks one and its options)
	@scripts/bench.sh $(ARGS)

check:  ## Django system checks and migrations in sync (needs the services of `make run`)
	@.venv/bin/python manage.py check
	@.venv/bin/python manage.py makemigrations --check --dry-run

messages:  ## refresh the zh_Hans catalogue from the sources (needs gettext)
	@.venv/bin/python manage.py makemessages -l zh_Hans --no-obsolete --add-location file -i '.venv/*' -i 'var/*'
	@.venv/bin/python manage.py makemessages -d djangojs -l zh_Hans --no-obsolete -i '.venv/*' -i 'var/*' -i 'static/vendor/*'

clean:  ## remove local state: databases, media, the virtual environment
	rm -rf var .venv
