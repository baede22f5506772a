from components import cached, explore

explore.render(cached.dataset())
