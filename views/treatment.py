from components import cached, treatment

treatment.render(cached.dataset())
