from components import cached, claims

claims.render(cached.dataset())
