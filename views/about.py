from components import about, cached

about.render(cached.dataset())
