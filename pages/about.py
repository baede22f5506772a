from components import about
from components.cached import dataset

about.render(dataset())
