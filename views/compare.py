from components import cached, compare

compare.render(cached.dataset())
