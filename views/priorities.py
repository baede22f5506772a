from components import cached, priorities

priorities.render(cached.dataset())
