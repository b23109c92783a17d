"""Qt-free domain and storage: models, database, roadmap format, progress maths."""
