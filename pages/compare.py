from components import compare
from components.cached import dataset

compare.render(dataset())
