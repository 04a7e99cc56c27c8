"""`make run-prod` refuses a start that could not work: no shared key, or several processes
without a shared database and Redis."""
from deploy.run_prod import gunicorn_command, problems

PG = "postgresql://refound@db/refound"


def test_one_process_needs_only_a_secret_key():
    assert problems({"SECRET_KEY": "k"}, 1) == []
    assert len(problems({}, 1)) == 1


def test_several_processes_need_postgresql_and_redis():
    assert problems({"SECRET_KEY": "k", "DATABASE_URL": PG, "REDIS_URL": "redis://r/0"}, 2) == []
    found = problems({"SECRET_KEY": "k", "DATABASE_URL": "sqlite:///x.sqlite"}, 2)
    assert any("PostgreSQL" in p for p in found) and any("Redis" in p for p in found)


def test_each_process_is_a_gunicorn_with_the_production_settings():
    command = gunicorn_command()
    assert command[1:3] == ["-m", "gunicorn"] and command[-1] == "wsgi:app"
    assert command[command.index("-c") + 1].endswith("deploy/gunicorn.conf.py")
