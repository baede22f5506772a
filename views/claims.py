from components import claims
from components.layout import page

page(claims.render)
